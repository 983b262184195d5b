package org.taskercore.worker.meters;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.Match;
import io.vertx.micrometer.MatchType;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

import java.util.Map;

/**
 * Vert.x's own metrics into the worker's registry, with bounded labels: HTTP series by route
 * template (never the raw path), event-bus series only for the addresses given, each either kept
 * as it is or folded to an alias (a per-worker address, whose worker id a caller chooses).
 */
public final class VertxMetricsSetup {

  private VertxMetricsSetup() {
  }

  /**
   * @param addressLabels event-bus address regex → the label to show for it (null: the address itself)
   */
  public static VertxBuilder apply(VertxBuilder builder, VertxOptions options, PrometheusMeterRegistry registry,
                                   Map<String, String> addressLabels) {
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions().setEnabled(true).addLabels(Label.HTTP_ROUTE, Label.EB_ADDRESS);
    addressLabels.forEach((regex, alias) -> metrics.addLabelMatch(new Match().setDomain(MetricsDomain.EVENT_BUS)
      .setLabel(Label.EB_ADDRESS.toString()).setType(MatchType.REGEX).setValue(regex).setAlias(alias)));
    return builder.with(options.setMetricsOptions(metrics)).withMetrics(new MicrometerMetricsFactory(registry));
  }
}
