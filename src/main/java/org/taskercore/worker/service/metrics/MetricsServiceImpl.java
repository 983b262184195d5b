package org.taskercore.worker.service.metrics;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.taskercore.worker.events.EventRouter;
import org.taskercore.worker.events.InProcessEventBus;
import io.vertx.core.json.JsonObject;
import org.taskercore.worker.metrics.ScrapeCache;
import org.taskercore.worker.metrics.SeriesView;
import org.taskercore.worker.metrics.SnapshotCodec;
import org.taskercore.worker.runtime.WorkerState;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

final class MetricsServiceImpl implements MetricsService {

  private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private final WorkerState state;
  private final ScrapeCache scrapes;

  MetricsServiceImpl(Vertx vertx, WorkerState state) {
    this.state = state;
    this.scrapes = new ScrapeCache(vertx, state.registry(), state.config().metrics().scrapeCacheMs());
  }

  @Override
  public Future<MetricsResponse> worker() {
    Map<String, MetricValue> metrics = new LinkedHashMap<>();
    SeriesView.of(state.registry(), "tasker_").forEach((key, series) -> metrics.put(key, new MetricValue()
      .setValue(series.value()).setMetricType(series.type()).setLabels(series.labels()).setHelp(series.help())));
    return Future.succeededFuture(new MetricsResponse().setWorkerId(state.workerId()).setTimestamp(now())
      .setMetrics(metrics));
  }

  @Override
  public Future<DomainEventStats> events() {
    EventRouter.Stats r = state.events().stats();
    InProcessEventBus.Stats b = state.events().inProcessBus().stats();
    return Future.succeededFuture(new DomainEventStats()
      .setRouter(new EventRouterStats().setTotalRouted(r.totalRouted()).setDurableRouted(r.durableRouted())
        .setFastRouted(r.fastRouted()).setBroadcastRouted(r.broadcastRouted())
        .setFastDeliveryErrors(r.fastDeliveryErrors()).setRoutingErrors(r.routingErrors()))
      .setInProcessBus(new InProcessBusStats().setTotalEventsDispatched(b.totalEventsDispatched())
        .setHandlerDispatches(b.handlerDispatches()).setHandlerErrors(b.handlerErrors())
        .setChannelDispatches(b.channelDispatches()).setChannelDrops(b.channelDrops())
        .setSubscriberPatterns(b.subscriberPatterns()).setHandlerCount(b.handlerCount())
        .setChannelSubscriberCount(b.channelSubscriberCount()))
      .setCapturedAt(now())
      .setWorkerId(state.workerId()));
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
    return Future.succeededFuture(SnapshotCodec.toJson(state.registry().getPrometheusRegistry().scrape()));
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
