package org.taskercore.worker.service.template;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.format.SnakeCase;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/** One loaded template: {@code namespace}, {@code name}, {@code version}, {@code step_count}. */
@DataObject
@JsonGen(publicConverter = false, jsonPropertyNameFormatter = SnakeCase.class)
public class TemplateSummary {

  private String namespace;
  private String name;
  private String version;
  private int stepCount;

  public TemplateSummary() {
  }

  public TemplateSummary(JsonObject json) {
    TemplateSummaryConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    TemplateSummaryConverter.toJson(this, json);
    return json;
  }

  public String getNamespace() {
    return namespace;
  }

  public TemplateSummary setNamespace(String namespace) {
    this.namespace = namespace;
    return this;
  }

  public String getName() {
    return name;
  }

  public TemplateSummary setName(String name) {
    this.name = name;
    return this;
  }

  public String getVersion() {
    return version;
  }

  public TemplateSummary setVersion(String version) {
    this.version = version;
    return this;
  }

  public int getStepCount() {
    return stepCount;
  }

  public TemplateSummary setStepCount(int stepCount) {
    this.stepCount = stepCount;
    return this;
  }
}
