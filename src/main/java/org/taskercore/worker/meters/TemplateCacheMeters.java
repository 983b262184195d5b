package org.taskercore.worker.meters;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.taskercore.worker.templates.TemplateCache;

/** The template cache's hits, misses, evictions and size, read from the cache's own statistics. */
public final class TemplateCacheMeters implements MeterBinder {

  private static final String REQUESTS = "Template cache lookups, by result";

  private final TemplateCache cache;

  public TemplateCacheMeters(TemplateCache cache) {
    this.cache = cache;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("tasker.template.cache.requests", cache, c -> c.stats().hits())
      .description(REQUESTS).tag("result", "hit").register(registry);
    FunctionCounter.builder("tasker.template.cache.requests", cache, c -> c.stats().misses())
      .description(REQUESTS).tag("result", "miss").register(registry);
    FunctionCounter.builder("tasker.template.cache.evictions", cache, c -> c.stats().evictions())
      .description("Template cache entries evicted (size, age, clear)").register(registry);
    Gauge.builder("tasker.template.cache.entries", cache, c -> c.stats().totalEntries())
      .description("Templates held in the cache").register(registry);
  }
}
