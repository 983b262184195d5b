package org.taskercore.worker.service.template;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.format.SnakeCase;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** A template checked against this worker: {@code valid} when {@code issues} is empty; every issue is listed. {@code handler_count} counts the distinct handler callables it uses. */
@DataObject
@JsonGen(publicConverter = false, jsonPropertyNameFormatter = SnakeCase.class)
public class TemplateValidation {

  private boolean valid;
  private String namespace;
  private String name;
  private String version;
  private int handlerCount;
  private List<String> issues;
  private JsonObject handlerMetadata;

  public TemplateValidation() {
  }

  public TemplateValidation(JsonObject json) {
    TemplateValidationConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    TemplateValidationConverter.toJson(this, json);
    if (handlerMetadata == null) {
      json.putNull("handler_metadata");
    }
    return json;
  }

  public boolean isValid() {
    return valid;
  }

  public TemplateValidation setValid(boolean valid) {
    this.valid = valid;
    return this;
  }

  public String getNamespace() {
    return namespace;
  }

  public TemplateValidation setNamespace(String namespace) {
    this.namespace = namespace;
    return this;
  }

  public String getName() {
    return name;
  }

  public TemplateValidation setName(String name) {
    this.name = name;
    return this;
  }

  public String getVersion() {
    return version;
  }

  public TemplateValidation setVersion(String version) {
    this.version = version;
    return this;
  }

  public int getHandlerCount() {
    return handlerCount;
  }

  public TemplateValidation setHandlerCount(int handlerCount) {
    this.handlerCount = handlerCount;
    return this;
  }

  public List<String> getIssues() {
    return issues;
  }

  public TemplateValidation setIssues(List<String> issues) {
    this.issues = issues;
    return this;
  }

  public JsonObject getHandlerMetadata() {
    return handlerMetadata;
  }

  public TemplateValidation setHandlerMetadata(JsonObject handlerMetadata) {
    this.handlerMetadata = handlerMetadata;
    return this;
  }
}
