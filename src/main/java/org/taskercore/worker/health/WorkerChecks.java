package org.taskercore.worker.health;

import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import org.taskercore.worker.config.TaskerConfig;
import org.taskercore.worker.core.OutcomeWindow;
import org.taskercore.worker.core.StepExecutor;
import org.taskercore.worker.core.WorkerLifecycle;
import org.taskercore.worker.core.WorkerStatus;
import org.taskercore.worker.events.EventRouter;
import org.taskercore.worker.events.InProcessEventBus;
import org.taskercore.worker.templates.TemplateCache;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The worker's own checks (DESIGN §5). Readiness: {@code database}, {@code command_processor},
 * {@code queue_processing}. Detailed adds {@code event_system}, {@code step_processing},
 * {@code circuit_breakers}, {@code template_cache}.
 */
public final class WorkerChecks {

  static final double DEGRADED_ERROR_RATE = 0.05;
  static final double UNHEALTHY_ERROR_RATE = 0.15;
  static final double QUEUE_DEGRADED_FILL = 0.8;

  private final Vertx vertx;
  private final WorkerLifecycle lifecycle;
  private final StepExecutor executor;
  private final EventRouter router;
  private final TemplateCache templates;
  private final TaskerConfig.Common common;
  private long lastEventErrors;
  private NetClient databaseProbe;

  public WorkerChecks(Vertx vertx, WorkerLifecycle lifecycle, StepExecutor executor, EventRouter router,
                      TemplateCache templates, TaskerConfig.Common common) {
    this.vertx = vertx;
    this.lifecycle = lifecycle;
    this.executor = executor;
    this.router = router;
    this.templates = templates;
    this.common = common;
  }

  public void registerAll(HealthRegistry registry) {
    registry.register(HealthCheck.of("database", true, this::database))
      .register(HealthCheck.of("command_processor", true, () -> Future.succeededFuture(commandProcessor())))
      .register(HealthCheck.of("queue_processing", true, () -> Future.succeededFuture(queueProcessing())))
      .register(HealthCheck.of("event_system", false, () -> Future.succeededFuture(eventSystem())))
      .register(HealthCheck.of("step_processing", false, () -> Future.succeededFuture(stepProcessing())))
      .register(HealthCheck.of("circuit_breakers", false, () -> Future.succeededFuture(circuitBreakers())))
      .register(HealthCheck.of("template_cache", false, () -> Future.succeededFuture(templateCache())));
  }

  Future<CheckResult> database() {
    if (!common.hasDatabase()) {
      return Future.succeededFuture(CheckResult.healthy("no database configured"));
    }
    URI uri;
    try {
      uri = URI.create(common.databaseUrl().replaceFirst("^jdbc:", ""));
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture(CheckResult.unhealthy("database url cannot be parsed"));
    }
    if (uri.getHost() == null) {
      return Future.succeededFuture(CheckResult.unhealthy("database url names no host"));
    }
    String host = uri.getHost();
    int port = uri.getPort() > 0 ? uri.getPort() : 5432;
    return probe().connect(port, host)
      .map(socket -> {
        socket.close();
        return CheckResult.healthy("reachable at " + host + ":" + port);
      })
      .otherwise(e -> CheckResult.unhealthy("cannot reach " + host + ":" + port + ": " + e.getMessage()));
  }

  /** One client for every run: the check runs each cache_ttl_ms, a client per run would churn. */
  private synchronized NetClient probe() {
    if (databaseProbe == null) {
      databaseProbe = vertx.createNetClient(new NetClientOptions().setConnectTimeout(5_000));
    }
    return databaseProbe;
  }

  CheckResult commandProcessor() {
    WorkerStatus status = lifecycle.status();
    String load = executor.inFlight() + " of " + executor.maxConcurrency() + " steps running";
    return switch (status) {
      case RUNNING -> CheckResult.healthy("running; " + load);
      case DRAINING -> CheckResult.unhealthy("draining: taking no new work; " + load);
      case STARTING -> CheckResult.unhealthy("starting");
      case STOPPED -> CheckResult.unhealthy("stopped");
    };
  }

  CheckResult queueProcessing() {
    List<String> namespaces = executor.namespaces();
    int depth = namespaces.stream().mapToInt(executor::queueDepth).sum();
    int capacity = executor.queueCapacity();
    String detail = depth + " of " + capacity + " queued" + (depth == 0 ? "" : " ("
      + namespaces.stream().filter(ns -> executor.queueDepth(ns) > 0)
      .map(ns -> ns + ": " + executor.queueDepth(ns)).collect(Collectors.joining(", ")) + ")");
    if (capacity > 0 && depth >= capacity) {
      return CheckResult.unhealthy("queue full: " + detail);
    }
    return capacity > 0 && depth >= capacity * QUEUE_DEGRADED_FILL
      ? CheckResult.degraded("queue filling: " + detail) : CheckResult.healthy(detail);
  }

  synchronized CheckResult eventSystem() {
    EventRouter.Stats routed = router.stats();
    InProcessEventBus.Stats bus = router.inProcessBus().stats();
    long errors = routed.routingErrors() + bus.channelDrops() + bus.handlerErrors();
    long fresh = errors - lastEventErrors;
    lastEventErrors = errors;
    String detail = routed.totalRouted() + " routed, " + routed.routingErrors() + " routing errors, "
      + bus.handlerErrors() + " handler errors, " + bus.channelDrops() + " channel drops";
    return fresh > 0 ? CheckResult.degraded(fresh + " new event errors since the last check; " + detail)
      : CheckResult.healthy(detail);
  }

  CheckResult stepProcessing() {
    OutcomeWindow.Snapshot recent = executor.stats().recent();
    String detail = String.format("%.1f%% errors over the last %d s (%d of %d steps)",
      recent.errorRate() * 100, recent.windowSeconds(), recent.failures(), recent.total());
    if (recent.errorRate() > UNHEALTHY_ERROR_RATE) {
      return CheckResult.unhealthy(detail);
    }
    return recent.errorRate() > DEGRADED_ERROR_RATE ? CheckResult.degraded(detail) : CheckResult.healthy(detail);
  }

  CheckResult circuitBreakers() {
    Map<String, CircuitBreakerState> states = executor.breakerStates();
    List<String> notClosed = states.entrySet().stream().filter(e -> e.getValue() != CircuitBreakerState.CLOSED)
      .map(e -> e.getKey() + " " + e.getValue().name().toLowerCase().replace('_', '-')).toList();
    if (notClosed.isEmpty()) {
      return CheckResult.healthy(states.size() + " breakers closed");
    }
    return CheckResult.degraded(notClosed.size() + " of " + states.size() + " breakers not closed: "
      + String.join(", ", notClosed));
  }

  CheckResult templateCache() {
    int loaded = templates.store().keys().size();
    TemplateCache.Stats stats = templates.stats();
    String detail = loaded + " templates, " + stats.totalEntries() + " cached, " + stats.hits() + " hits, "
      + stats.misses() + " misses";
    if (loaded == 0) {
      return CheckResult.unhealthy("no templates loaded");
    }
    var errors = templates.store().errors();
    if (!errors.isEmpty()) {
      return CheckResult.degraded(errors.size() + " template files skipped (first: " + errors.get(0).file()
        + ": " + errors.get(0).reason() + "); " + detail);
    }
    return CheckResult.healthy(detail);
  }
}
