package org.taskercore.worker.events;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.taskercore.worker.config.TaskerConfig;

import java.util.concurrent.atomic.LongAdder;

/**
 * Routes a domain event by its delivery mode: {@code durable} over the Vert.x event bus with an
 * acknowledged request and bounded retry, {@code fast} to the {@link InProcessEventBus},
 * {@code broadcast} to both. A durable event that is still unacknowledged after its retries is
 * counted as a routing error and logged with its id; it is never dropped silently.
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

  public EventRouter(Vertx vertx, InProcessEventBus inProcess, TaskerConfig.Events config) {
    this.vertx = vertx;
    this.inProcess = inProcess;
    this.config = config;
  }

  public InProcessEventBus inProcessBus() {
    return inProcess;
  }

  /** Completes when the event has been delivered as its mode asks; fails on a routing error. */
  public Future<Void> route(DomainEvent event) {
    total.increment();
    switch (event.deliveryMode()) {
      case FAST -> {
        fast.increment();
        deliverFast(event);
        return Future.succeededFuture();
      }
      case DURABLE -> {
        durable.increment();
        return deliverDurable(event);
      }
      default -> {
        broadcast.increment();
        deliverFast(event);
        return deliverDurable(event);
      }
    }
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
