package org.taskercore.worker.service.config;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.format.SnakeCase;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/** The configuration in force, secrets redacted: {@code environment}, one object per section of the file, {@code metadata}. */
@DataObject
@JsonGen(publicConverter = false, jsonPropertyNameFormatter = SnakeCase.class)
public class RuntimeConfig {

  private String environment;
  private JsonObject common;
  private JsonObject worker;
  private JsonObject cluster;
  private JsonObject metrics;
  private JsonObject observability;
  private ConfigMetadata metadata;

  public RuntimeConfig() {
  }

  public RuntimeConfig(JsonObject json) {
    RuntimeConfigConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    RuntimeConfigConverter.toJson(this, json);
    return json;
  }

  public String getEnvironment() {
    return environment;
  }

  public RuntimeConfig setEnvironment(String environment) {
    this.environment = environment;
    return this;
  }

  public JsonObject getCommon() {
    return common;
  }

  public RuntimeConfig setCommon(JsonObject common) {
    this.common = common;
    return this;
  }

  public JsonObject getWorker() {
    return worker;
  }

  public RuntimeConfig setWorker(JsonObject worker) {
    this.worker = worker;
    return this;
  }

  public ConfigMetadata getMetadata() {
    return metadata;
  }

  public JsonObject getCluster() {
    return cluster;
  }

  public RuntimeConfig setCluster(JsonObject cluster) {
    this.cluster = cluster;
    return this;
  }

  public JsonObject getMetrics() {
    return metrics;
  }

  public RuntimeConfig setMetrics(JsonObject metrics) {
    this.metrics = metrics;
    return this;
  }

  public JsonObject getObservability() {
    return observability;
  }

  public RuntimeConfig setObservability(JsonObject observability) {
    this.observability = observability;
    return this;
  }

  public RuntimeConfig setMetadata(ConfigMetadata metadata) {
    this.metadata = metadata;
    return this;
  }
}
