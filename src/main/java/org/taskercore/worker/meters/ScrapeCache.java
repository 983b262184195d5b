package org.taskercore.worker.meters;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Scrapes the registry on a worker thread (a large registry takes milliseconds, which must not
 * stall the event loop that also answers health probes), and serves the text for
 * {@code metrics.scrape_cache_ms}, so scrapers that arrive together (an HA pair of Prometheus
 * servers, a gateway and a Prometheus) cost one scrape. Concurrent callers share one run.
 */
public final class ScrapeCache {

  private record Entry(Future<String> text, long takenAtMillis) {
  }

  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;
  private final long ttlMillis;
  private final ConcurrentHashMap<String, Entry> byFormat = new ConcurrentHashMap<>();

  public ScrapeCache(Vertx vertx, PrometheusMeterRegistry registry, long ttlMillis) {
    this.vertx = vertx;
    this.registry = registry;
    this.ttlMillis = ttlMillis;
  }

  /** @param contentType null for Prometheus text 0.0.4, else e.g. the OpenMetrics type */
  public Future<String> scrape(String contentType) {
    String key = contentType == null ? "" : contentType;
    long now = System.currentTimeMillis();
    return byFormat.compute(key, (k, entry) -> {
      boolean fresh = entry != null && (!entry.text().isComplete()
        || entry.text().succeeded() && now - entry.takenAtMillis() < ttlMillis);
      return fresh ? entry : new Entry(vertx.executeBlocking(
        () -> contentType == null ? registry.scrape() : registry.scrape(contentType), false), now);
    }).text();
  }
}
