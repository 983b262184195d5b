package org.taskercore.worker.database;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends the outbox's pending events to the durable address and marks each delivered once its
 * consumer acknowledges it: at least once, each carrying its {@code event_id} for consumers to
 * de-duplicate. Runs a round when a step stores events and every {@value #ROUND_MS} ms; counts the
 * pending rows every {@value #COUNT_MS} ms; deletes delivered rows past their retention every
 * {@value #PRUNE_MS} ms.
 */
public final class OutboxDeliverer extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxDeliverer.class);
  static final long ROUND_MS = 250;
  static final long COUNT_MS = 2_000;
  static final long PRUNE_MS = 600_000;
  private static final int BATCH = 100;
  private static final double MAX_RETRY_SECONDS = 10;

  private final Outbox outbox;
  private final DatabaseVerticle database;
  private final String address;
  private final long ackTimeoutMs;
  private final String workerId;
  private final long retentionHours;
  private final LongAdder delivered = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private volatile long pending;
  private boolean running;
  private boolean stopped;

  public OutboxDeliverer(DatabaseVerticle database, String address, long ackTimeoutMs, String workerId, long retentionHours) {
    this.outbox = new Outbox(database, this::nudge);
    this.database = database;
    this.address = address;
    this.ackTimeoutMs = ackTimeoutMs;
    this.workerId = workerId;
    this.retentionHours = retentionHours;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(ROUND_MS, t -> round());
    vertx.setPeriodic(COUNT_MS, t -> count());
    vertx.setPeriodic(PRUNE_MS, t -> prune());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopped = true; // timers go with the verticle; a round in flight leaves its leases to run out
    return Future.succeededFuture();
  }

  /** Where steps store their durable events (the event router's durable sink). */
  public Outbox outbox() {
    return outbox;
  }

  /** A step just stored events: deliver now rather than at the next round. */
  public void nudge() {
    if (context != null) {
      context.runOnContext(v -> round());
    }
  }

  public long delivered() {
    return delivered.sum();
  }

  public long failed() {
    return failed.sum();
  }

  /** Pending rows at the last count (every {@value #COUNT_MS} ms). */
  public long pending() {
    return pending;
  }

  private void round() {
    if (running || stopped || database.state() != DatabaseVerticle.State.READY) {
      return;
    }
    running = true;
    double leaseSeconds = ackTimeoutMs / 1000.0 + 10;
    outbox.claim(BATCH, leaseSeconds, workerId)
      .compose(claimed -> Future.join(claimed.stream().map(this::deliver).toList()).map(claimed.size()))
      .onComplete(ar -> {
        running = false;
        if (ar.succeeded() && ar.result() == BATCH) {
          round(); // a backlog: keep going
        }
      });
  }

  private Future<Void> deliver(Outbox.Claimed event) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(ackTimeoutMs).addHeader("event_name", event.eventName());
    return vertx.eventBus().request(address, event.payload(), options)
      .compose(ack -> outbox.delivered(event.id()).onSuccess(v -> delivered.increment()))
      .recover(e -> {
        failed.increment();
        double retry = Math.min(MAX_RETRY_SECONDS, 0.5 * Math.pow(2, Math.max(0, event.attempts() - 1)));
        if (event.attempts() == 1) {
          LOG.warn("durable event {} ({}) not acknowledged at {}: {}; tried again in {} s (and after that without a log line)",
            event.eventName(), event.id(), address, e.getMessage(), retry);
        }
        return outbox.notDelivered(event.id(), retry, DatabaseErrors.describe(e)).otherwiseEmpty();
      });
  }

  private void count() {
    if (database.state() == DatabaseVerticle.State.READY) {
      outbox.pending().onSuccess(n -> pending = n);
    }
  }

  private void prune() {
    if (database.state() == DatabaseVerticle.State.READY) {
      outbox.prune(retentionHours).onSuccess(n -> {
        if (n > 0) {
          LOG.info("pruned {} delivered outbox rows older than {} h", n, retentionHours);
        }
      });
    }
  }
}
