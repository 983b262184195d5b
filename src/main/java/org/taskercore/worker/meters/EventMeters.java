package org.taskercore.worker.meters;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.taskercore.worker.events.EventRouter;

import java.util.function.ToDoubleFunction;

/** Domain events routed by delivery mode, and their delivery problems by kind, read from the router's live counters. */
public final class EventMeters implements MeterBinder {

  private static final String ROUTED = "Domain events routed, by delivery mode";
  private static final String ERRORS = "Domain event delivery problems, by kind";

  private final EventRouter router;

  public EventMeters(EventRouter router) {
    this.router = router;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    count(registry, "tasker.domain.events.routed", ROUTED, "mode", "durable", r -> r.stats().durableRouted());
    count(registry, "tasker.domain.events.routed", ROUTED, "mode", "fast", r -> r.stats().fastRouted());
    count(registry, "tasker.domain.events.routed", ROUTED, "mode", "broadcast", r -> r.stats().broadcastRouted());
    count(registry, "tasker.domain.events.errors", ERRORS, "kind", "routing", r -> r.stats().routingErrors());
    count(registry, "tasker.domain.events.errors", ERRORS, "kind", "fast_delivery", r -> r.stats().fastDeliveryErrors());
    count(registry, "tasker.domain.events.errors", ERRORS, "kind", "handler", r -> r.inProcessBus().stats().handlerErrors());
    count(registry, "tasker.domain.events.errors", ERRORS, "kind", "channel_drop", r -> r.inProcessBus().stats().channelDrops());
  }

  private void count(MeterRegistry registry, String name, String help, String tag, String value, ToDoubleFunction<EventRouter> read) {
    FunctionCounter.builder(name, router, read).description(help).tag(tag, value).register(registry);
  }
}
