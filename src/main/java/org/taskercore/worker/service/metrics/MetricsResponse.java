package org.taskercore.worker.service.metrics;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.format.SnakeCase;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/** The worker's own series by name (labelled series as {@code name{k="v"}}), read from the same meters the Prometheus scrape shows. */
@DataObject
@JsonGen(publicConverter = false, jsonPropertyNameFormatter = SnakeCase.class)
public class MetricsResponse {

  private String workerId;
  private String timestamp;
  private Map<String, MetricValue> metrics;

  public MetricsResponse() {
  }

  public MetricsResponse(JsonObject json) {
    MetricsResponseConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    MetricsResponseConverter.toJson(this, json);
    return json;
  }

  public String getWorkerId() {
    return workerId;
  }

  public MetricsResponse setWorkerId(String workerId) {
    this.workerId = workerId;
    return this;
  }

  public String getTimestamp() {
    return timestamp;
  }

  public MetricsResponse setTimestamp(String timestamp) {
    this.timestamp = timestamp;
    return this;
  }

  public Map<String, MetricValue> getMetrics() {
    return metrics;
  }

  public MetricsResponse setMetrics(Map<String, MetricValue> metrics) {
    this.metrics = metrics;
    return this;
  }
}
