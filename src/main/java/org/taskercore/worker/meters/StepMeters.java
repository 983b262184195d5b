package org.taskercore.worker.meters;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.vertx.circuitbreaker.CircuitBreakerState;
import org.taskercore.worker.core.HandlerRegistry;
import org.taskercore.worker.core.StepExecutor;
import org.taskercore.worker.core.StepObserver;
import org.taskercore.worker.core.StepOutcome;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Step execution: outcomes and durations per namespace, queue depth and age, the concurrency
 * limits beside them, outcomes per handler and each handler's circuit breaker. Counters read the
 * executor's live counters, so a scrape and {@code /metrics/worker} never disagree. Tags are
 * bounded: namespaces served, handlers registered, fixed outcome names.
 */
public final class StepMeters implements MeterBinder, StepObserver {

  private final List<String> namespaces;
  private final HandlerRegistry handlers;
  private final StepExecutor executor;
  private final Map<String, Timer> durations = new ConcurrentHashMap<>();
  private final Map<String, Counter> byHandler = new ConcurrentHashMap<>();

  public StepMeters(List<String> namespaces, HandlerRegistry handlers, StepExecutor executor) {
    this.namespaces = List.copyOf(namespaces);
    this.handlers = handlers;
    this.executor = executor;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    namespaces.forEach(namespace -> bindNamespace(registry, namespace));
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

  private static double breakerValue(CircuitBreakerState state) {
    if (state == null || state == CircuitBreakerState.CLOSED) {
      return 0;
    }
    return state == CircuitBreakerState.HALF_OPEN ? 1 : 2;
  }
}
