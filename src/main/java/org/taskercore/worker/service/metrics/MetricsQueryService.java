package org.taskercore.worker.service.metrics;

import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/** A worker's metrics: its own series as JSON, its domain event counters, and the full scrape. */
@ProxyGen
@VertxGen
public interface MetricsQueryService {

  String ADDRESS = "tasker.worker.metrics";

  static String addressOf(String workerId) {
    return "tasker.worker." + workerId + ".metrics";
  }

  static MetricsQueryService createProxy(Vertx vertx, String address, long timeoutMs) {
    return new MetricsQueryServiceVertxEBProxy(vertx, address, new DeliveryOptions().setSendTimeout(timeoutMs));
  }

  /** The worker's own families ({@code tasker_*}) from the same meters the scrape reads. */
  Future<MetricsResponse> worker();

  Future<DomainEventStats> events();

  /**
   * The whole registry (Vert.x, JVM and worker series) as Prometheus text format 0.0.4; a scrape
   * is reused for {@code metrics.scrape_cache_ms}.
   */
  Future<String> prometheus();

  /** The same data as OpenMetrics 1.0.0 text, ending in {@code # EOF}. */
  Future<String> openmetrics();

  /** Every series as structured JSON ({@code {"families": [...]}}), so a gateway can merge workers' scrapes. */
  Future<JsonObject> snapshot();
}
