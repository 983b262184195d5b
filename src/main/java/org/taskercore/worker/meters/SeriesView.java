package org.taskercore.worker.meters;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.DistributionDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The registry's own snapshot of its series, the one the scrape writes out, as named values: so
 * {@code /metrics/worker} and {@code /metrics} can never name or count a series differently.
 * Histograms and summaries appear as their {@code _count} and {@code _sum}.
 */
public final class SeriesView {

  /** One series: Prometheus name, type, labels, help, value. */
  public record Series(String name, String type, Map<String, String> labels, String help, double value) {

    /** {@code name{a="x",b="y"}}, unique per series. */
    public String key() {
      if (labels.isEmpty()) {
        return name;
      }
      StringBuilder key = new StringBuilder(name).append('{');
      labels.forEach((k, v) -> key.append(k).append("=\"").append(v).append("\","));
      key.setLength(key.length() - 1);
      return key.append('}').toString();
    }
  }

  private SeriesView() {
  }

  /** Every series whose Prometheus name starts with {@code prefix}, sorted by key. */
  public static Map<String, Series> of(PrometheusMeterRegistry registry, String prefix) {
    MetricSnapshots snapshots = registry.getPrometheusRegistry().scrape(name -> name.startsWith(prefix));
    Map<String, Series> out = new TreeMap<>();
    for (MetricSnapshot snapshot : snapshots) {
      String name = snapshot.getMetadata().getPrometheusName();
      String help = snapshot.getMetadata().getHelp();
      for (DataPointSnapshot point : snapshot.getDataPoints()) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < point.getLabels().size(); i++) {
          labels.put(point.getLabels().getPrometheusName(i), point.getLabels().getValue(i));
        }
        if (snapshot instanceof CounterSnapshot) {
          add(out, new Series(name + "_total", "counter", labels, help,
            ((CounterSnapshot.CounterDataPointSnapshot) point).getValue()));
        } else if (snapshot instanceof GaugeSnapshot) {
          add(out, new Series(name, "gauge", labels, help, ((GaugeSnapshot.GaugeDataPointSnapshot) point).getValue()));
        } else if (snapshot instanceof InfoSnapshot) {
          add(out, new Series(name + "_info", "gauge", labels, help, 1));
        } else if (point instanceof DistributionDataPointSnapshot distribution) {
          String type = snapshot instanceof HistogramSnapshot ? "histogram" : "summary";
          add(out, new Series(name + "_count", type, labels, help, distribution.getCount()));
          add(out, new Series(name + "_sum", type, labels, help, distribution.getSum()));
        }
      }
    }
    return out;
  }

  private static void add(Map<String, Series> out, Series series) {
    if (!Double.isNaN(series.value())) { // NaN (no data yet) has no JSON form
      out.put(series.key(), series);
    }
  }
}
