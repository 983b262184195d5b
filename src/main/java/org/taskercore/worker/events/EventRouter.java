package org.taskercore.worker.events;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.taskercore.worker.config.TaskerConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Routes a step's domain events by their delivery mode: {@code fast} to the
 * {@link InProcessEventBus}, {@code durable} to the durable sink, {@code broadcast} to both. Without
 * a database the sink is the Vert.x event bus (an acknowledged request with bounded retry; an event
 * still unacknowledged after its retries is counted as a routing error and logged with its id);
 * with one it is the outbox. A durable event is never dropped silently.
 */
public final class EventRouter {

  private static final Logger LOG = LoggerFactory.getLogger(EventRouter.class);

  /** Counters at one moment (DESIGN §5 {@code router}). */
  public record Stats(long totalRouted, long durableRouted, long fastRouted, long broadcastRouted,
                      long fastDeliveryErrors, long routingErrors) {
  }

  private final Vertx vertx;
  private final InProcessEventBus inProcess;
  private final TaskerConfig.Events config;
  private final LongAdder total = new LongAdder();
  private final LongAdder durable = new LongAdder();
  private final LongAdder fast = new LongAdder();
  private final LongAdder broadcast = new LongAdder();
  private final LongAdder fastDeliveryErrors = new LongAdder();
  private final LongAdder routingErrors = new LongAdder();
  private volatile DurableSink durableSink = this::overTheBus;

  public EventRouter(Vertx vertx, InProcessEventBus inProcess, TaskerConfig.Events config) {
    this.vertx = vertx;
    this.inProcess = inProcess;
    this.config = config;
  }

  /** Durable events go here instead of straight onto the bus (the database's outbox). */
  public void durableSink(DurableSink sink) {
    this.durableSink = sink;
  }

  /**
   * Routes a finished step's events: fast ones (and the fast half of broadcast ones) at once,
   * the durable ones together to the durable sink. Fails when the sink refused them.
   */
  public Future<Void> routeStep(StepRecord step, List<DomainEvent> events) {
    List<DomainEvent> durableOnes = new ArrayList<>();
    for (DomainEvent event : events) {
      total.increment();
      switch (event.deliveryMode()) {
        case FAST -> {
          fast.increment();
          deliverFast(event);
        }
        case DURABLE -> {
          durable.increment();
          durableOnes.add(event);
        }
        default -> {
          broadcast.increment();
          deliverFast(event);
          durableOnes.add(event);
        }
      }
    }
    if (durableOnes.isEmpty()) {
      return Future.succeededFuture();
    }
    // Over the bus each unacknowledged event is counted where it fails; a refused batch is counted here.
    return durableSink.accept(step, durableOnes).onFailure(e -> {
      if (e instanceof DurableEventsRefused) {
        routingErrors.add(durableOnes.size());
      }
    });
  }

  /** Without a database: each durable event sent and acknowledged on its own, with bounded retries. */
  private Future<Void> overTheBus(StepRecord step, List<DomainEvent> events) {
    return Future.join(events.stream().map(this::deliverDurable).toList()).mapEmpty();
  }

  public InProcessEventBus inProcessBus() {
    return inProcess;
  }

  public Stats stats() {
    return new Stats(total.sum(), durable.sum(), fast.sum(), broadcast.sum(),
      fastDeliveryErrors.sum(), routingErrors.sum());
  }

  private void deliverFast(DomainEvent event) {
    if (inProcess.dispatch(event).failed() > 0) {
      fastDeliveryErrors.increment();
    }
  }

  private Future<Void> deliverDurable(DomainEvent event) {
    Promise<Void> done = Promise.promise();
    attemptDurable(event, 1, done);
    return done.future();
  }

  private void attemptDurable(DomainEvent event, int attempt, Promise<Void> done) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(config.durableTimeoutMs())
      .addHeader("event_name", event.name());
    vertx.eventBus().request(config.durableAddress(), event.toJson(), options).onComplete(ar -> {
      if (ar.succeeded()) {
        done.complete();
      } else if (attempt < config.durableMaxAttempts()) {
        vertx.setTimer(Math.max(1, config.durableRetryDelayMs() * attempt),
          t -> attemptDurable(event, attempt + 1, done));
      } else {
        routingErrors.increment();
        LOG.error("durable event {} ({}) not acknowledged at {} after {} attempts: {}",
          event.name(), event.eventId(), config.durableAddress(), attempt, ar.cause().getMessage());
        done.fail(ar.cause());
      }
    });
  }
}
