package org.taskercore.worker.checks;

import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.Status;
import org.taskercore.worker.config.Redactor;
import org.taskercore.worker.core.OutcomeWindow;
import org.taskercore.worker.core.StepExecutor;
import org.taskercore.worker.lifecycle.WorkerLifecycle;
import org.taskercore.worker.lifecycle.WorkerStatus;
import org.taskercore.worker.database.DatabaseVerticle;
import org.taskercore.worker.events.EventRouter;
import org.taskercore.worker.events.InProcessEventBus;
import org.taskercore.worker.templates.TemplateCache;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
  private final DatabaseVerticle database;
  private final long answerWithinMs;
  private long lastEventErrors;

  public WorkerChecks(Vertx vertx, WorkerLifecycle lifecycle, StepExecutor executor, EventRouter router,
                      TemplateCache templates, DatabaseVerticle database, long checkTimeoutMs) {
    this.vertx = vertx;
    this.lifecycle = lifecycle;
    this.executor = executor;
    this.router = router;
    this.templates = templates;
    this.database = database;
    this.answerWithinMs = checkTimeoutMs;
  }

  public void registerAll(CheckRegistry registry) {
    registry.register("database", true, promise -> database().onComplete(promise))
      .register("command_processor", true, promise -> promise.complete(commandProcessor()))
      .register("queue_processing", true, promise -> promise.complete(queueProcessing()))
      .register("event_system", false, promise -> promise.complete(eventSystem()))
      .register("step_processing", false, promise -> promise.complete(stepProcessing()))
      .register("circuit_breakers", false, promise -> promise.complete(circuitBreakers()))
      .register("template_cache", false, promise -> promise.complete(templateCache()));
  }

  /**
   * Without a database: healthy, saying so. With one: {@code SELECT 1} through the pool within
   * 4/5 of the check's timeout (so the message can say what did not answer), with the pool's
   * figures; or why the database is not ready yet.
   */
  Future<Status> database() {
    if (database == null) {
      return Future.succeededFuture(CheckVerdicts.healthy("no database configured"));
    }
    if (database.state() != DatabaseVerticle.State.READY) {
      return Future.succeededFuture(CheckVerdicts.unhealthy(database.problem() + "; " + pool()));
    }
    long within = Math.max(1, answerWithinMs * 4 / 5);
    long started = System.nanoTime();
    return database.withConnection(c -> c.query("SELECT 1").execute())
      .timeout(within, TimeUnit.MILLISECONDS)
      .map(ok -> CheckVerdicts.healthy("SELECT 1 in " + (System.nanoTime() - started) / 1_000_000 + " ms; " + pool()))
      .otherwise(e -> CheckVerdicts.unhealthy((e instanceof TimeoutException
        ? "no answer from " + database.where() + " within " + within + " ms"
        : "SELECT 1 failed on " + database.where() + ": " + Redactor.safeText(e.getMessage())) + "; " + pool()));
  }

  private String pool() {
    return "pool " + database.size() + " open of " + database.maxSize() + ", " + database.inUse() + " in use, "
      + database.waiting() + " waiting";
  }

  Status commandProcessor() {
    WorkerStatus status = lifecycle.status();
    String load = executor.inFlight() + " of " + executor.maxConcurrency() + " steps running";
    return switch (status) {
      case RUNNING -> CheckVerdicts.healthy("running; " + load);
      case DRAINING -> CheckVerdicts.unhealthy("draining: taking no new work; " + load);
      case STARTING -> CheckVerdicts.unhealthy("starting");
      case STOPPED -> CheckVerdicts.unhealthy("stopped");
    };
  }

  Status queueProcessing() {
    List<String> namespaces = executor.namespaces();
    int depth = namespaces.stream().mapToInt(executor::queueDepth).sum();
    int capacity = executor.queueCapacity();
    String detail = depth + " of " + capacity + " queued" + (depth == 0 ? "" : " ("
      + namespaces.stream().filter(ns -> executor.queueDepth(ns) > 0)
      .map(ns -> ns + ": " + executor.queueDepth(ns)).collect(Collectors.joining(", ")) + ")");
    if (capacity > 0 && depth >= capacity) {
      return CheckVerdicts.unhealthy("queue full: " + detail);
    }
    return capacity > 0 && depth >= capacity * QUEUE_DEGRADED_FILL
      ? CheckVerdicts.degraded("queue filling: " + detail) : CheckVerdicts.healthy(detail);
  }

  synchronized Status eventSystem() {
    EventRouter.Stats routed = router.stats();
    InProcessEventBus.Stats bus = router.inProcessBus().stats();
    long errors = routed.routingErrors() + bus.channelDrops() + bus.handlerErrors();
    long fresh = errors - lastEventErrors;
    lastEventErrors = errors;
    String detail = routed.totalRouted() + " routed, " + routed.routingErrors() + " routing errors, "
      + bus.handlerErrors() + " handler errors, " + bus.channelDrops() + " channel drops";
    return fresh > 0 ? CheckVerdicts.degraded(fresh + " new event errors since the last check; " + detail)
      : CheckVerdicts.healthy(detail);
  }

  Status stepProcessing() {
    OutcomeWindow.Snapshot recent = executor.stats().recent();
    String detail = String.format("%.1f%% errors over the last %d s (%d of %d steps)",
      recent.errorRate() * 100, recent.windowSeconds(), recent.failures(), recent.total());
    String lastFailure = executor.stats().lastFailureTraceId();
    if (recent.errorRate() > UNHEALTHY_ERROR_RATE) {
      return CheckVerdicts.withTrace(CheckVerdicts.unhealthy(detail), lastFailure);
    }
    return recent.errorRate() > DEGRADED_ERROR_RATE ? CheckVerdicts.withTrace(CheckVerdicts.degraded(detail), lastFailure)
      : CheckVerdicts.healthy(detail);
  }

  Status circuitBreakers() {
    Map<String, CircuitBreakerState> states = executor.breakerStates();
    List<String> notClosed = states.entrySet().stream().filter(e -> e.getValue() != CircuitBreakerState.CLOSED)
      .map(e -> e.getKey() + " " + e.getValue().name().toLowerCase().replace('_', '-')).toList();
    if (notClosed.isEmpty()) {
      return CheckVerdicts.healthy(states.size() + " breakers closed");
    }
    return CheckVerdicts.degraded(notClosed.size() + " of " + states.size() + " breakers not closed: "
      + String.join(", ", notClosed));
  }

  Status templateCache() {
    int loaded = templates.store().keys().size();
    TemplateCache.Stats stats = templates.stats();
    String detail = loaded + " templates, " + stats.totalEntries() + " cached, " + stats.hits() + " hits, "
      + stats.misses() + " misses";
    if (loaded == 0) {
      return CheckVerdicts.unhealthy("no templates loaded");
    }
    var errors = templates.store().errors();
    if (!errors.isEmpty()) {
      return CheckVerdicts.degraded(errors.size() + " template files skipped (first: " + errors.get(0).file()
        + ": " + errors.get(0).reason() + "); " + detail);
    }
    return CheckVerdicts.healthy(detail);
  }
}
