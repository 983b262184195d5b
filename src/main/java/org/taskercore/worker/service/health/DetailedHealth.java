package org.taskercore.worker.service.health;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.format.SnakeCase;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * Readiness or detailed health: {@code status} (readiness: healthy|unhealthy; detailed:
 * healthy|degraded), {@code timestamp}, {@code worker_id}, {@code checks} by name, {@code system_info}.
 */
@DataObject
@JsonGen(publicConverter = false, jsonPropertyNameFormatter = SnakeCase.class)
public class DetailedHealth {

  private String status;
  private String timestamp;
  private String workerId;
  private Map<String, HealthCheckResult> checks;
  private WorkerSystemInfo systemInfo;

  public DetailedHealth() {
  }

  public DetailedHealth(JsonObject json) {
    DetailedHealthConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    DetailedHealthConverter.toJson(this, json);
    return json;
  }

  public String getStatus() {
    return status;
  }

  public DetailedHealth setStatus(String status) {
    this.status = status;
    return this;
  }

  public String getTimestamp() {
    return timestamp;
  }

  public DetailedHealth setTimestamp(String timestamp) {
    this.timestamp = timestamp;
    return this;
  }

  public String getWorkerId() {
    return workerId;
  }

  public DetailedHealth setWorkerId(String workerId) {
    this.workerId = workerId;
    return this;
  }

  public Map<String, HealthCheckResult> getChecks() {
    return checks;
  }

  public DetailedHealth setChecks(Map<String, HealthCheckResult> checks) {
    this.checks = checks;
    return this;
  }

  public WorkerSystemInfo getSystemInfo() {
    return systemInfo;
  }

  public DetailedHealth setSystemInfo(WorkerSystemInfo systemInfo) {
    this.systemInfo = systemInfo;
    return this;
  }
}
