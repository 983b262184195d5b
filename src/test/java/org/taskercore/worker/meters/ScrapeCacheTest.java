package org.taskercore.worker.meters;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class ScrapeCacheTest {

  private final AtomicInteger scrapes = new AtomicInteger();
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  {
    // Each scrape reads the gauge once, so its value counts the scrapes.
    Gauge.builder("scrapes.taken", scrapes, AtomicInteger::incrementAndGet).register(registry);
  }

  @Test
  void callersTogetherShareOneScrapeAndTheTextIsServedForItsTimeToLive(Vertx vertx, VertxTestContext test) {
    ScrapeCache cache = new ScrapeCache(vertx, registry, 60_000);
    Future.all(cache.scrape(null), cache.scrape(null), cache.scrape(null))
      .compose(together -> cache.scrape(null))
      .onComplete(test.succeeding(text -> test.verify(() -> {
        assertThat(text).contains("scrapes_taken 1.0");
        assertThat(scrapes).hasValue(1);
        test.completeNow();
      })));
  }

  @Test
  void eachFormatIsItsOwnEntryAndAnExpiredOneIsTakenAgain(Vertx vertx, VertxTestContext test) {
    ScrapeCache cache = new ScrapeCache(vertx, registry, 1);
    cache.scrape(null)
      .compose(first -> cache.scrape("application/openmetrics-text; version=1.0.0; charset=utf-8"))
      .compose(open -> vertx.timer(5).compose(v -> cache.scrape(null)))
      .onComplete(test.succeeding(text -> test.verify(() -> {
        assertThat(scrapes).hasValue(3);
        assertThat(text).contains("scrapes_taken 3.0");
        test.completeNow();
      })));
  }
}
