package org.taskercore.worker.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.Match;
import io.vertx.micrometer.MatchType;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

/**
 * Vert.x's own metrics into the worker's registry, with bounded labels: HTTP series by route
 * template (never the raw path), event-bus series only for the worker's addresses, and a
 * per-worker address folded to one value per service, since a caller chooses the worker id in
 * {@code /workers/{id}/...}.
 */
public final class VertxMetricsSetup {

  private static final String SERVICES = "(health|metrics|templates|config)";

  private VertxMetricsSetup() {
  }

  public static VertxBuilder apply(VertxBuilder builder, VertxOptions options, PrometheusMeterRegistry registry) {
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions().setEnabled(true).addLabels(Label.HTTP_ROUTE, Label.EB_ADDRESS)
      .addLabelMatch(keep("tasker\\.worker\\." + SERVICES))
      .addLabelMatch(keep("tasker\\.(steps|events)\\.[A-Za-z0-9_.-]{1,128}"));
    for (String service : new String[] {"health", "metrics", "templates", "config"}) {
      metrics.addLabelMatch(keep("tasker\\.worker\\.[A-Za-z0-9_.-]{1,64}\\." + service).setAlias("tasker.worker.<id>." + service));
    }
    return builder.with(options.setMetricsOptions(metrics)).withMetrics(new MicrometerMetricsFactory(registry));
  }

  private static Match keep(String addressRegex) {
    return new Match().setDomain(MetricsDomain.EVENT_BUS).setLabel(Label.EB_ADDRESS.toString())
      .setType(MatchType.REGEX).setValue(addressRegex);
  }
}
