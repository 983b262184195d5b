package org.taskercore.worker.core;

import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.taskercore.worker.config.TaskerConfig;
import org.taskercore.worker.protocol.FailureCodes;
import org.taskercore.worker.events.EventRouter;
import org.taskercore.worker.tasks.StepRequest;
import org.taskercore.worker.templates.TemplateCache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The command processor: consumes step messages at {@code tasker.steps.<namespace>} for each
 * namespace served, runs at most {@code max_concurrency} at once, queues up to
 * {@code queue_capacity} more (a full queue rejects with 503) and replies with each step's result.
 */
public final class StepExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(StepExecutor.class);

  /** @param trace the trace the step message came with: a queued step still runs as part of it */
  private record Pending(Message<JsonObject> message, long enqueuedAtMillis, Context trace) {
  }

  private final Vertx vertx;
  private final TaskerConfig.Steps config;
  private final HandlerRegistry handlers;
  private final StepStats stats;
  private final StepRun stepRun;
  private final Map<String, Queue<Pending>> queues = new ConcurrentHashMap<>();
  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
  private final List<StepObserver> observers = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger queued = new AtomicInteger();
  private List<String> pumpOrder = List.of();
  private int pumpNext;
  private volatile Promise<Void> drained;

  public StepExecutor(Vertx vertx, String workerId, TaskerConfig.Steps config, HandlerRegistry handlers,
                      TemplateCache templates, EventRouter events,
                      StepStats stats, Tracer tracer) {
    this.vertx = vertx;
    this.config = config;
    this.handlers = handlers;
    this.stats = stats;
    this.stepRun = new StepRun(vertx, workerId, handlers, templates, events, stats,
      (namespace, callable, outcome, nanos) -> observers.forEach(o -> o.stepFinished(namespace, callable, outcome, nanos)),
      this::breakerFor, tracer);
  }

  /** Hears of every step that ran to an end, from now on. */
  public void addObserver(StepObserver observer) {
    observers.add(observer);
  }

  /** Registers a consumer per namespace; call it on the context that should run the steps. */
  public Future<Void> start(Collection<String> namespaces) {
    List<Future<Void>> registrations = new ArrayList<>();
    for (String namespace : namespaces) {
      queues.put(namespace, new ConcurrentLinkedQueue<>());
      MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(StepRequest.address(namespace),
        message -> accept(namespace, message));
      consumers.add(consumer);
      registrations.add(consumer.completion());
    }
    pumpOrder = List.copyOf(namespaces);
    return Future.all(registrations).mapEmpty();
  }

  /** Stops taking new steps; queued and running ones still finish. */
  public Future<Void> stopAccepting() {
    List<Future<Void>> unregistrations = new ArrayList<>();
    consumers.forEach(c -> unregistrations.add(c.unregister()));
    consumers.clear();
    return Future.join(unregistrations).mapEmpty();
  }

  /** Completes when nothing is running or queued, or after {@code timeoutMs}, whichever is first. */
  public Future<Void> drain(long timeoutMs) {
    if (idle()) {
      return Future.succeededFuture();
    }
    Promise<Void> waiting = Promise.promise();
    drained = waiting;
    if (idle()) { // the last step may have ended between the first check and the line above
      waiting.tryComplete();
    }
    long timer = vertx.setTimer(Math.max(1, timeoutMs), t -> {
      if (waiting.tryComplete()) {
        LOG.warn("drain bound of {} ms reached with {} steps running and {} queued", timeoutMs, inFlight.get(), queued.get());
      }
    });
    return waiting.future().onComplete(ar -> vertx.cancelTimer(timer));
  }

  public int inFlight() {
    return inFlight.get();
  }

  public int queueDepth(String namespace) {
    Queue<Pending> queue = queues.get(namespace);
    return queue == null ? 0 : queue.size();
  }

  public int queueCapacity() {
    return config.queueCapacity();
  }

  public int maxConcurrency() {
    return config.maxConcurrency();
  }

  /** Seconds the oldest queued step of the namespace has waited; 0 when none waits. */
  public double oldestQueuedAgeSeconds(String namespace) {
    Queue<Pending> queue = queues.get(namespace);
    Pending oldest = queue == null ? null : queue.peek();
    return oldest == null ? 0.0 : (System.currentTimeMillis() - oldest.enqueuedAtMillis()) / 1000.0;
  }

  public List<String> namespaces() {
    return pumpOrder;
  }

  public StepStats stats() {
    return stats;
  }

  /** Every registered handler's breaker state; a handler that never ran is closed. */
  public Map<String, CircuitBreakerState> breakerStates() {
    Map<String, CircuitBreakerState> states = new TreeMap<>();
    for (String callable : handlers.callables()) {
      CircuitBreaker breaker = breakers.get(callable);
      states.put(callable, breaker == null ? CircuitBreakerState.CLOSED : breaker.state());
    }
    return states;
  }

  private CircuitBreaker breakerFor(String callable) {
    return breakers.computeIfAbsent(callable, c -> CircuitBreaker.create("step-handler:" + c, vertx,
      new CircuitBreakerOptions()
        .setMaxFailures(config.breakerMaxFailures())
        .setFailuresRollingWindow(config.breakerWindowMs())
        .setResetTimeout(config.breakerResetMs())
        .setTimeout(-1)
        .setNotificationAddress(null)));
  }

  private void accept(String namespace, Message<JsonObject> message) {
    if (inFlight.get() < config.maxConcurrency()) {
      run(namespace, message, Context.current());
    } else if (queued.get() < config.queueCapacity()) {
      queued.incrementAndGet();
      queues.get(namespace).add(new Pending(message, System.currentTimeMillis(), Context.current()));
    } else {
      stats.record(namespace, StepOutcome.REJECTED);
      message.fail(FailureCodes.NOT_RUNNING, "step queue full (" + config.queueCapacity() + " waiting)");
    }
  }

  private void run(String namespace, Message<JsonObject> message, Context trace) {
    inFlight.incrementAndGet();
    stepRun.execute(namespace, message, trace).onComplete(ar -> {
      inFlight.decrementAndGet();
      pump();
    });
  }

  /** Starts queued steps while there is room, taking namespaces in turn so none starves. */
  private void pump() {
    int emptyInARow = 0;
    while (inFlight.get() < config.maxConcurrency() && !pumpOrder.isEmpty() && emptyInARow < pumpOrder.size()) {
      String namespace = pumpOrder.get(pumpNext++ % pumpOrder.size());
      Pending next = queues.get(namespace).poll();
      if (next == null) {
        emptyInARow++;
        continue;
      }
      emptyInARow = 0;
      queued.decrementAndGet();
      run(namespace, next.message(), next.trace());
    }
    if (drained != null && idle()) {
      drained.tryComplete();
    }
  }

  private boolean idle() {
    return inFlight.get() == 0 && queued.get() == 0;
  }
}
