package org.taskercore.worker.service.metrics;

import io.vertx.core.Future;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.taskercore.worker.events.EventRouter;
import org.taskercore.worker.events.InProcessEventBus;
import io.vertx.core.json.JsonObject;
import org.taskercore.worker.meters.ScrapeCache;
import org.taskercore.worker.meters.SeriesView;

import java.util.function.Supplier;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** The metrics service of one worker, from its registry (and the scrape cache over it) and its event router. */
public final class MetricsQueryServiceImpl implements MetricsQueryService {

  private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final ScrapeCache scrapes;
  private final EventRouter events;
  private final String workerId;
  private final Supplier<OutboxStats> outbox;

  /** @param outbox the outbox's figures now (null without a database) */
  public MetricsQueryServiceImpl(PrometheusMeterRegistry registry, ScrapeCache scrapes, EventRouter events, String workerId,
                                 Supplier<OutboxStats> outbox) {
    this.registry = registry;
    this.scrapes = scrapes;
    this.events = events;
    this.workerId = workerId;
    this.outbox = outbox;
  }

  @Override
  public Future<MetricsResponse> worker() {
    Map<String, MetricValue> metrics = new LinkedHashMap<>();
    SeriesView.of(registry, "tasker_").forEach((key, series) -> metrics.put(key, new MetricValue()
      .setValue(series.value()).setMetricType(series.type()).setLabels(series.labels()).setHelp(series.help())));
    return Future.succeededFuture(new MetricsResponse().setWorkerId(workerId).setTimestamp(now())
      .setMetrics(metrics));
  }

  @Override
  public Future<DomainEventStats> events() {
    EventRouter.Stats r = events.stats();
    InProcessEventBus.Stats b = events.inProcessBus().stats();
    return Future.succeededFuture(new DomainEventStats()
      .setRouter(new EventRouterStats().setTotalRouted(r.totalRouted()).setDurableRouted(r.durableRouted())
        .setFastRouted(r.fastRouted()).setBroadcastRouted(r.broadcastRouted())
        .setFastDeliveryErrors(r.fastDeliveryErrors()).setRoutingErrors(r.routingErrors()))
      .setInProcessBus(new InProcessBusStats().setTotalEventsDispatched(b.totalEventsDispatched())
        .setHandlerDispatches(b.handlerDispatches()).setHandlerErrors(b.handlerErrors())
        .setChannelDispatches(b.channelDispatches()).setChannelDrops(b.channelDrops())
        .setSubscriberPatterns(b.subscriberPatterns()).setHandlerCount(b.handlerCount())
        .setChannelSubscriberCount(b.channelSubscriberCount()))
      .setOutbox(outbox == null ? null : outbox.get())
      .setCapturedAt(now())
      .setWorkerId(workerId));
  }

  @Override
  public Future<String> prometheus() {
    return scrapes.scrape(null);
  }

  @Override
  public Future<String> openmetrics() {
    return scrapes.scrape(OPENMETRICS);
  }

  @Override
  public Future<JsonObject> snapshot() {
    return Future.succeededFuture(SnapshotCodec.toJson(registry.getPrometheusRegistry().scrape()));
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
