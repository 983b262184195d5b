package org.taskercore.worker.service.health;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.format.SnakeCase;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/** {@code status} ("healthy" for basic, "alive" for live), {@code worker_id}, {@code timestamp} (RFC 3339 UTC). */
@DataObject
@JsonGen(publicConverter = false, jsonPropertyNameFormatter = SnakeCase.class)
public class BasicHealth {

  private String status;
  private String workerId;
  private String timestamp;

  public BasicHealth() {
  }

  public BasicHealth(JsonObject json) {
    BasicHealthConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    BasicHealthConverter.toJson(this, json);
    return json;
  }

  public String getStatus() {
    return status;
  }

  public BasicHealth setStatus(String status) {
    this.status = status;
    return this;
  }

  public String getWorkerId() {
    return workerId;
  }

  public BasicHealth setWorkerId(String workerId) {
    this.workerId = workerId;
    return this;
  }

  public String getTimestamp() {
    return timestamp;
  }

  public BasicHealth setTimestamp(String timestamp) {
    this.timestamp = timestamp;
    return this;
  }
}
