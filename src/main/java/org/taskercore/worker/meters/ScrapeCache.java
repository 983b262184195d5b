package org.taskercore.worker.meters;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;

/**
 * Scrapes the registry on a worker thread (a large registry takes milliseconds, which must not
 * stall the event loop that also answers health probes), and serves the text for
 * {@code metrics.scrape_cache_ms}, so scrapers that arrive together (an HA pair of Prometheus
 * servers, a gateway and a Prometheus) cost one scrape. Concurrent callers share one run; a
 * failed run is not kept. Caffeine's asynchronous cache does all three.
 */
public final class ScrapeCache {

  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;
  private final AsyncCache<String, String> byFormat;

  public ScrapeCache(Vertx vertx, PrometheusMeterRegistry registry, long ttlMillis) {
    this.vertx = vertx;
    this.registry = registry;
    // The time to live counts from when the scrape completes: a running one is shared, never expired.
    this.byFormat = Caffeine.newBuilder().expireAfterWrite(Duration.ofMillis(ttlMillis)).maximumSize(4).buildAsync();
  }

  /** @param contentType null for Prometheus text 0.0.4, else e.g. the OpenMetrics type */
  public Future<String> scrape(String contentType) {
    return Future.fromCompletionStage(byFormat.get(contentType == null ? "" : contentType, (format, executor) ->
      vertx.executeBlocking(() -> contentType == null ? registry.scrape() : registry.scrape(contentType), false)
        .toCompletionStage().toCompletableFuture()), vertx.getOrCreateContext());
  }
}
