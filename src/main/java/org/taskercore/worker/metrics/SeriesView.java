package org.taskercore.worker.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.Tag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The worker's meters as named series with their Prometheus names, so the JSON view and the
 * scrape use one vocabulary. Histograms appear as their {@code _count} and {@code _sum}.
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

  /** Every series of meters whose Micrometer name starts with {@code prefix}, sorted by key. */
  public static Map<String, Series> of(MeterRegistry registry, String prefix) {
    Map<String, Series> out = new TreeMap<>();
    for (Meter meter : registry.getMeters()) {
      Meter.Id id = meter.getId();
      if (!id.getName().startsWith(prefix)) {
        continue;
      }
      String base = registry.config().namingConvention().name(id.getName(), id.getType(), id.getBaseUnit());
      Map<String, String> labels = new LinkedHashMap<>();
      for (Tag tag : id.getTagsAsIterable()) {
        labels.put(registry.config().namingConvention().tagKey(tag.getKey()), tag.getValue());
      }
      for (Series series : seriesOf(meter, base, labels, id.getDescription())) {
        if (!Double.isNaN(series.value())) { // NaN (no data yet) has no JSON form
          out.put(series.key(), series);
        }
      }
    }
    return out;
  }

  private static List<Series> seriesOf(Meter meter, String base, Map<String, String> labels, String help) {
    return switch (meter.getId().getType()) {
      case COUNTER -> List.of(new Series(base.endsWith("_total") ? base : base + "_total", "counter", labels, help,
        value(meter, Statistic.COUNT)));
      case TIMER, DISTRIBUTION_SUMMARY, LONG_TASK_TIMER -> List.of(
        new Series(base + "_count", "histogram", labels, help, value(meter, Statistic.COUNT)),
        new Series(base + "_sum", "histogram", labels, help, sum(meter)));
      default -> List.of(new Series(base, "gauge", labels, help, value(meter, Statistic.VALUE)));
    };
  }

  private static double sum(Meter meter) {
    for (Measurement m : meter.measure()) {
      if (m.getStatistic() == Statistic.TOTAL_TIME || m.getStatistic() == Statistic.TOTAL) {
        return m.getValue();
      }
    }
    return 0;
  }

  private static double value(Meter meter, Statistic wanted) {
    for (Measurement m : meter.measure()) {
      if (m.getStatistic() == wanted) {
        return m.getValue();
      }
    }
    return meter.measure().iterator().hasNext() ? meter.measure().iterator().next().getValue() : Double.NaN;
  }
}
