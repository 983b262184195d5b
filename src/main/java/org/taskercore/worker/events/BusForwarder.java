package org.taskercore.worker.events;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A channel subscriber that publishes every in-process event to the Vert.x event bus at
 * {@code tasker.events.fast.<event name>}, so cluster peers and bridge clients (TCP, SockJS) can
 * listen to fast and broadcast events. It drains on its own event loop; a burst beyond
 * {@code worker.events.channel_capacity} is dropped and counted, never waited for.
 */
public final class BusForwarder {

  public static final String ADDRESS_PREFIX = "tasker.events.fast.";

  private final EventChannel channel;
  private final Vertx vertx;
  private final Context context;
  private final AtomicBoolean scheduled = new AtomicBoolean();

  private BusForwarder(Vertx vertx, EventChannel channel) {
    this.vertx = vertx;
    this.channel = channel;
    this.context = vertx.getOrCreateContext();
  }

  /** Starts forwarding every event the bus dispatches from now on. */
  public static BusForwarder start(Vertx vertx, InProcessEventBus bus) {
    BusForwarder forwarder = new BusForwarder(vertx, bus.subscribeChannel("*"));
    forwarder.channel.whenAvailable(forwarder::schedule);
    return forwarder;
  }

  public void stop() {
    channel.close();
  }

  /** Coalesces signals: one drain is queued however many events arrive before it runs. */
  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> {
        scheduled.set(false);
        channel.drain().forEach(event -> vertx.eventBus().publish(ADDRESS_PREFIX + event.name(), event.toJson()));
      });
    }
  }
}
