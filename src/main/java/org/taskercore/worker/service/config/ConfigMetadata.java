package org.taskercore.worker.service.config;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.format.SnakeCase;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** Where the configuration came from: {@code timestamp}, {@code source} (the layers in order), {@code redacted_fields} (dotted paths). */
@DataObject
@JsonGen(publicConverter = false, jsonPropertyNameFormatter = SnakeCase.class)
public class ConfigMetadata {

  private String timestamp;
  private String source;
  private List<String> redactedFields;

  public ConfigMetadata() {
  }

  public ConfigMetadata(JsonObject json) {
    ConfigMetadataConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    ConfigMetadataConverter.toJson(this, json);
    return json;
  }

  public String getTimestamp() {
    return timestamp;
  }

  public ConfigMetadata setTimestamp(String timestamp) {
    this.timestamp = timestamp;
    return this;
  }

  public String getSource() {
    return source;
  }

  public ConfigMetadata setSource(String source) {
    this.source = source;
    return this;
  }

  public List<String> getRedactedFields() {
    return redactedFields;
  }

  public ConfigMetadata setRedactedFields(List<String> redactedFields) {
    this.redactedFields = redactedFields;
    return this;
  }
}
