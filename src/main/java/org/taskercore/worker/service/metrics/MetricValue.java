package org.taskercore.worker.service.metrics;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.format.SnakeCase;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/** One series: {@code value}, {@code metric_type} (counter, gauge, histogram, summary), {@code labels}, {@code help}. */
@DataObject
@JsonGen(publicConverter = false, jsonPropertyNameFormatter = SnakeCase.class)
public class MetricValue {

  private double value;
  private String metricType;
  private Map<String, String> labels;
  private String help;

  public MetricValue() {
  }

  public MetricValue(JsonObject json) {
    MetricValueConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    MetricValueConverter.toJson(this, json);
    if (help == null) {
      json.putNull("help");
    }
    return json;
  }

  public double getValue() {
    return value;
  }

  public MetricValue setValue(double value) {
    this.value = value;
    return this;
  }

  public String getMetricType() {
    return metricType;
  }

  public MetricValue setMetricType(String metricType) {
    this.metricType = metricType;
    return this;
  }

  public Map<String, String> getLabels() {
    return labels;
  }

  public MetricValue setLabels(Map<String, String> labels) {
    this.labels = labels;
    return this;
  }

  public String getHelp() {
    return help;
  }

  public MetricValue setHelp(String help) {
    this.help = help;
    return this;
  }
}
