package org.taskercore.worker.meters;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.vertx.circuitbreaker.CircuitBreakerState;
import org.taskercore.worker.core.StepObserver;
import org.taskercore.worker.core.StepOutcome;
import org.taskercore.worker.checks.CheckReport;
import org.taskercore.worker.core.HandlerRegistry;
import org.taskercore.worker.core.StepExecutor;
import org.taskercore.worker.lifecycle.WorkerIdentity;
import org.taskercore.worker.lifecycle.WorkerLifecycle;
import org.taskercore.worker.events.EventRouter;
import org.taskercore.worker.checks.CheckRegistry;
import org.taskercore.worker.templates.TemplateCache;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The worker's own families (DESIGN §8). Counters read the worker's live counters, so a scrape
 * and {@code /metrics/worker} can never disagree. Tags are bounded: namespaces served, handlers
 * registered, health checks registered, fixed outcome and mode names.
 */
public final class WorkerMeters implements MeterBinder, StepObserver {

  private final WorkerIdentity identity;
  private final WorkerLifecycle lifecycle;
  private final HandlerRegistry handlers;
  private final StepExecutor executor;
  private final EventRouter events;
  private final TemplateCache templates;
  private final CheckRegistry checks;
  private final ConcurrentHashMap<String, Timer> durations = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> byHandler = new ConcurrentHashMap<>();

  public WorkerMeters(WorkerIdentity identity, WorkerLifecycle lifecycle, HandlerRegistry handlers, StepExecutor executor,
                      EventRouter events, TemplateCache templates, CheckRegistry checks) {
    this.identity = identity;
    this.lifecycle = lifecycle;
    this.handlers = handlers;
    this.executor = executor;
    this.events = events;
    this.templates = templates;
    this.checks = checks;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("tasker.worker.info", () -> 1)
      .description("Worker identity; always 1")
      .tags("version", identity.version(), "worker_id", identity.workerId(), "worker_type", WorkerIdentity.WORKER_TYPE)
      .register(registry);
    Gauge.builder("tasker.worker.uptime", lifecycle, l -> l.uptimeSeconds())
      .description("Seconds since the worker started").baseUnit("seconds").register(registry);
    for (String namespace : identity.namespaces()) {
      bindNamespace(registry, namespace);
    }
    // The limits beside the figures, so a dashboard or an alert reads "12 of 16" from the scrape alone.
    Gauge.builder("tasker.worker.steps.running", executor, StepExecutor::inFlight)
      .description("Steps running now").register(registry);
    Gauge.builder("tasker.worker.steps.max.concurrency", executor, StepExecutor::maxConcurrency)
      .description("Steps that may run at once (worker.steps.max_concurrency)").register(registry);
    Gauge.builder("tasker.worker.queue.capacity", executor, StepExecutor::queueCapacity)
      .description("Steps that may wait, all namespaces together, before one is rejected (worker.steps.queue_capacity)").register(registry);
    for (String handler : handlers.callables()) {
      for (StepOutcome outcome : List.of(StepOutcome.SUCCESS, StepOutcome.FAILURE, StepOutcome.TIMEOUT)) {
        byHandler.put(handler + "|" + outcome.label(), Counter.builder("tasker.worker.handler.steps")
          .description("Steps ended on this worker, by handler and outcome")
          .tags("handler", handler, "outcome", outcome.label()).register(registry));
      }
    }
    executor.breakerStates().keySet().forEach(handler ->
      Gauge.builder("tasker.worker.circuit.breaker.state", executor, ex -> breakerValue(ex.breakerStates().get(handler)))
        .description("Circuit breaker state per step handler: 0 closed, 1 half-open, 2 open")
        .tag("handler", handler).register(registry));
    bindEvents(registry);
    bindTemplateCache(registry);
    for (String check : checks.names()) {
      Gauge.builder("tasker.worker.health.check.status", checks, h -> statusOf(h.latest().get(check)))
        .description("Last result per health check: 0 healthy, 1 degraded, 2 unhealthy")
        .tag("check", check).register(registry);
      Gauge.builder("tasker.worker.health.check.duration", checks, h -> durationOf(h.latest().get(check)))
        .description("Duration of the last run per health check").baseUnit("seconds")
        .tag("check", check).register(registry);
    }
  }

  @Override
  public void stepFinished(String namespace, String callable, StepOutcome outcome, long durationNanos) {
    Timer timer = durations.get(namespace);
    if (timer != null) {
      timer.record(durationNanos, TimeUnit.NANOSECONDS);
    }
    Counter handler = byHandler.get(callable + "|" + outcome.label());
    if (handler != null) { // only registered handlers have counters: the label stays bounded
      handler.increment();
    }
  }

  private void bindNamespace(MeterRegistry registry, String namespace) {
    Gauge.builder("tasker.worker.queue.depth", executor, ex -> ex.queueDepth(namespace))
      .description("Steps waiting for a free slot").tag("namespace", namespace).register(registry);
    Gauge.builder("tasker.worker.queue.oldest.message.age", executor, ex -> ex.oldestQueuedAgeSeconds(namespace))
      .description("How long the oldest waiting step has waited").baseUnit("seconds")
      .tag("namespace", namespace).register(registry);
    for (StepOutcome outcome : StepOutcome.values()) {
      FunctionCounter.builder("tasker.worker.steps", executor.stats().counter(namespace, outcome), c -> c.sum())
        .description("Steps ended on this worker, by outcome")
        .tags(Tags.of("namespace", namespace, "outcome", outcome.label())).register(registry);
    }
    durations.put(namespace, Timer.builder("tasker.worker.step.duration")
      .description("Time a step took from its first attempt to its outcome")
      .tag("namespace", namespace)
      .publishPercentileHistogram()
      .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(5))
      .register(registry));
  }

  private void bindEvents(MeterRegistry registry) {
    var router = events;
    counter(registry, "tasker.domain.events.routed", "Domain events routed, by delivery mode", "mode", "durable", router, r -> r.stats().durableRouted());
    counter(registry, "tasker.domain.events.routed", "Domain events routed, by delivery mode", "mode", "fast", router, r -> r.stats().fastRouted());
    counter(registry, "tasker.domain.events.routed", "Domain events routed, by delivery mode", "mode", "broadcast", router, r -> r.stats().broadcastRouted());
    String errors = "Domain event delivery problems, by kind";
    counter(registry, "tasker.domain.events.errors", errors, "kind", "routing", router, r -> r.stats().routingErrors());
    counter(registry, "tasker.domain.events.errors", errors, "kind", "fast_delivery", router, r -> r.stats().fastDeliveryErrors());
    counter(registry, "tasker.domain.events.errors", errors, "kind", "handler", router, r -> r.inProcessBus().stats().handlerErrors());
    counter(registry, "tasker.domain.events.errors", errors, "kind", "channel_drop", router, r -> r.inProcessBus().stats().channelDrops());
  }

  private void bindTemplateCache(MeterRegistry registry) {
    TemplateCache cache = templates;
    String help = "Template cache lookups, by result";
    counter(registry, "tasker.template.cache.requests", help, "result", "hit", cache, c -> c.stats().hits());
    counter(registry, "tasker.template.cache.requests", help, "result", "miss", cache, c -> c.stats().misses());
    FunctionCounter.builder("tasker.template.cache.evictions", cache, c -> c.stats().evictions())
      .description("Template cache entries evicted (size, age, clear)").register(registry);
    Gauge.builder("tasker.template.cache.entries", cache, c -> c.stats().totalEntries())
      .description("Templates held in the cache").register(registry);
  }

  private static <T> void counter(MeterRegistry registry, String name, String help, String tag, String value,
                                  T source, ToDoubleFunction<T> read) {
    FunctionCounter.builder(name, source, read).description(help).tag(tag, value).register(registry);
  }

  private static double breakerValue(CircuitBreakerState state) {
    if (state == null || state == CircuitBreakerState.CLOSED) {
      return 0;
    }
    return state == CircuitBreakerState.HALF_OPEN ? 1 : 2;
  }

  private static double statusOf(CheckReport report) {
    return report == null ? Double.NaN : report.status().ordinal();
  }

  private static double durationOf(CheckReport report) {
    return report == null ? Double.NaN : report.durationMs() / 1000.0;
  }
}
