package org.taskercore.worker.events;

import org.taskercore.worker.protocol.EventAddresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A channel subscriber that publishes every in-process event to the Vert.x event bus at
 * {@code tasker.events.fast.<event name>}, so cluster peers and bridge clients (TCP, SockJS) can
 * listen to fast and broadcast events. It drains on its own event loop; a burst beyond
 * {@code worker.events.channel_capacity} is dropped and counted, never waited for.
 */
public final class BusForwarder extends VerticleBase {


  private final InProcessEventBus bus;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private EventChannel channel;

  public BusForwarder(InProcessEventBus bus) {
    this.bus = bus;
  }

  @Override
  public Future<?> start() {
    channel = bus.subscribeChannel("*");
    channel.whenAvailable(this::schedule);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    channel.close();
    return Future.succeededFuture();
  }

  /** Coalesces signals: one drain is queued however many events arrive before it runs. */
  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> {
        scheduled.set(false);
        channel.drain().forEach(event -> vertx.eventBus().publish(EventAddresses.FORWARDED_PREFIX + event.name(), event.toJson()));
      });
    }
  }
}
