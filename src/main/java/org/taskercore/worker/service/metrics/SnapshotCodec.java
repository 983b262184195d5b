package org.taskercore.worker.service.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBucket;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Carries a registry's snapshot across the bus as JSON and merges several workers' snapshots
 * into one, each point labelled {@code worker_id}, written by the Prometheus library's own text
 * writer: so a cluster-wide scrape is valid exposition text by construction, never by editing text.
 */
public final class SnapshotCodec {

  private SnapshotCodec() {
  }

  /** {@code {"families": [{name, type, help, unit, points: [...]}]}}. */
  public static JsonObject toJson(MetricSnapshots snapshots) {
    JsonArray families = new JsonArray();
    for (MetricSnapshot snapshot : snapshots) {
      String type = typeOf(snapshot);
      if (type == null) {
        continue;
      }
      JsonArray points = new JsonArray();
      for (DataPointSnapshot point : snapshot.getDataPoints()) {
        points.add(pointJson(snapshot, point));
      }
      families.add(new JsonObject().put("name", snapshot.getMetadata().getName()).put("type", type)
        .put("help", snapshot.getMetadata().getHelp())
        .put("unit", snapshot.getMetadata().hasUnit() ? snapshot.getMetadata().getUnit().toString() : null)
        .put("points", points));
    }
    return new JsonObject().put("families", families);
  }

  /** Merges workers' snapshots (worker id to {@link #toJson} form) and writes Prometheus text 0.0.4. */
  public static String mergedText(Map<String, JsonObject> byWorker) {
    Map<String, List<JsonObject>> families = new LinkedHashMap<>();
    Map<String, JsonObject> firstOfName = new LinkedHashMap<>();
    byWorker.forEach((workerId, snapshot) -> snapshot.getJsonArray("families", new JsonArray()).forEach(f -> {
      JsonObject family = (JsonObject) f;
      JsonObject first = firstOfName.putIfAbsent(family.getString("name"), family);
      if (first != null && !first.getString("type").equals(family.getString("type"))) {
        return; // a family whose type differs between versions cannot share one TYPE line
      }
      List<JsonObject> points = families.computeIfAbsent(family.getString("name"), n -> new ArrayList<>());
      family.getJsonArray("points").forEach(p -> points.add(withWorker((JsonObject) p, workerId)));
    }));
    MetricSnapshots.Builder merged = MetricSnapshots.builder();
    families.forEach((name, points) -> merged.metricSnapshot(build(firstOfName.get(name), points)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create().write(out, merged.build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String typeOf(MetricSnapshot snapshot) {
    if (snapshot instanceof CounterSnapshot) {
      return "counter";
    }
    if (snapshot instanceof GaugeSnapshot) {
      return "gauge";
    }
    if (snapshot instanceof HistogramSnapshot) {
      return "histogram";
    }
    if (snapshot instanceof SummarySnapshot) {
      return "summary";
    }
    if (snapshot instanceof InfoSnapshot) {
      return "info";
    }
    return snapshot instanceof UnknownSnapshot ? "unknown" : null;
  }

  private static JsonObject pointJson(MetricSnapshot snapshot, DataPointSnapshot point) {
    JsonObject labels = new JsonObject();
    for (int i = 0; i < point.getLabels().size(); i++) {
      labels.put(point.getLabels().getName(i), point.getLabels().getValue(i));
    }
    JsonObject json = new JsonObject().put("labels", labels);
    if (point instanceof CounterSnapshot.CounterDataPointSnapshot c) {
      json.put("value", number(c.getValue()));
    } else if (point instanceof GaugeSnapshot.GaugeDataPointSnapshot g) {
      json.put("value", number(g.getValue()));
    } else if (point instanceof UnknownSnapshot.UnknownDataPointSnapshot u) {
      json.put("value", number(u.getValue()));
    } else if (point instanceof HistogramSnapshot.HistogramDataPointSnapshot h) {
      JsonArray buckets = new JsonArray();
      for (ClassicHistogramBucket bucket : h.getClassicBuckets()) {
        buckets.add(new JsonArray().add(number(bucket.getUpperBound())).add(bucket.getCount()));
      }
      json.put("sum", h.hasSum() ? number(h.getSum()) : null).put("buckets", buckets);
    } else if (point instanceof SummarySnapshot.SummaryDataPointSnapshot s) {
      JsonArray quantiles = new JsonArray();
      for (Quantile q : s.getQuantiles()) {
        quantiles.add(new JsonArray().add(q.getQuantile()).add(number(q.getValue())));
      }
      json.put("count", s.hasCount() ? s.getCount() : null).put("sum", s.hasSum() ? number(s.getSum()) : null)
        .put("quantiles", quantiles);
    }
    return json;
  }

  /** JSON has no NaN or infinities; they travel as strings. */
  private static Object number(double d) {
    return Double.isFinite(d) ? (Object) d : Double.toString(d);
  }

  private static double number(Object o) {
    return o instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(o));
  }

  private static JsonObject withWorker(JsonObject point, String workerId) {
    JsonObject copy = point.copy();
    JsonObject labels = copy.getJsonObject("labels");
    if (!labels.containsKey("worker_id")) {
      labels.put("worker_id", workerId);
    }
    return copy;
  }

  private static Labels labels(JsonObject point) {
    Labels.Builder labels = Labels.builder();
    point.getJsonObject("labels").forEach(e -> labels.label(e.getKey(), String.valueOf(e.getValue())));
    return labels.build();
  }

  private static MetricSnapshot build(JsonObject family, List<JsonObject> points) {
    String name = family.getString("name");
    String help = family.getString("help");
    Unit unit = family.getString("unit") == null ? null : new Unit(family.getString("unit"));
    switch (family.getString("type")) {
      case "counter" -> {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help).unit(unit);
        points.forEach(p -> b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels(p))
          .value(number(p.getValue("value"))).build()));
        return b.build();
      }
      case "gauge" -> {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help).unit(unit);
        points.forEach(p -> b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels(p))
          .value(number(p.getValue("value"))).build()));
        return b.build();
      }
      case "histogram" -> {
        HistogramSnapshot.Builder b = HistogramSnapshot.builder().name(name).help(help).unit(unit);
        points.forEach(p -> {
          JsonArray buckets = p.getJsonArray("buckets");
          double[] bounds = new double[buckets.size()];
          long[] counts = new long[buckets.size()];
          for (int i = 0; i < buckets.size(); i++) {
            bounds[i] = number(buckets.getJsonArray(i).getValue(0));
            counts[i] = buckets.getJsonArray(i).getLong(1);
          }
          HistogramSnapshot.HistogramDataPointSnapshot.Builder point = HistogramSnapshot.HistogramDataPointSnapshot.builder()
            .labels(labels(p)).classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts));
          if (p.getValue("sum") != null) {
            point.sum(number(p.getValue("sum")));
          }
          b.dataPoint(point.build());
        });
        return b.build();
      }
      case "summary" -> {
        SummarySnapshot.Builder b = SummarySnapshot.builder().name(name).help(help).unit(unit);
        points.forEach(p -> {
          List<Quantile> quantiles = new ArrayList<>();
          p.getJsonArray("quantiles").forEach(q -> quantiles.add(new Quantile(((JsonArray) q).getDouble(0),
            number(((JsonArray) q).getValue(1)))));
          SummarySnapshot.SummaryDataPointSnapshot.Builder point = SummarySnapshot.SummaryDataPointSnapshot.builder()
            .labels(labels(p)).quantiles(Quantiles.of(quantiles));
          if (p.getValue("count") != null) {
            point.count(p.getLong("count"));
          }
          if (p.getValue("sum") != null) {
            point.sum(number(p.getValue("sum")));
          }
          b.dataPoint(point.build());
        });
        return b.build();
      }
      case "info" -> {
        InfoSnapshot.Builder b = InfoSnapshot.builder().name(name).help(help);
        points.forEach(p -> b.dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(labels(p)).build()));
        return b.build();
      }
      default -> {
        UnknownSnapshot.Builder b = UnknownSnapshot.builder().name(name).help(help).unit(unit);
        points.forEach(p -> b.dataPoint(UnknownSnapshot.UnknownDataPointSnapshot.builder().labels(labels(p))
          .value(number(p.getValue("value"))).build()));
        return b.build();
      }
    }
  }
}
