package org.taskercore.worker.service.health;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.format.SnakeCase;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** What the worker is: version, environment, uptime, type, pool size, processor state, namespaces. */
@DataObject
@JsonGen(publicConverter = false, jsonPropertyNameFormatter = SnakeCase.class)
public class WorkerSystemInfo {

  private String version;
  private String environment;
  private long uptimeSeconds;
  private String workerType;
  private int databasePoolSize;
  private boolean commandProcessorActive;
  private List<String> supportedNamespaces;

  public WorkerSystemInfo() {
  }

  public WorkerSystemInfo(JsonObject json) {
    WorkerSystemInfoConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    WorkerSystemInfoConverter.toJson(this, json);
    return json;
  }

  public String getVersion() {
    return version;
  }

  public WorkerSystemInfo setVersion(String version) {
    this.version = version;
    return this;
  }

  public String getEnvironment() {
    return environment;
  }

  public WorkerSystemInfo setEnvironment(String environment) {
    this.environment = environment;
    return this;
  }

  public long getUptimeSeconds() {
    return uptimeSeconds;
  }

  public WorkerSystemInfo setUptimeSeconds(long uptimeSeconds) {
    this.uptimeSeconds = uptimeSeconds;
    return this;
  }

  public String getWorkerType() {
    return workerType;
  }

  public WorkerSystemInfo setWorkerType(String workerType) {
    this.workerType = workerType;
    return this;
  }

  public int getDatabasePoolSize() {
    return databasePoolSize;
  }

  public WorkerSystemInfo setDatabasePoolSize(int databasePoolSize) {
    this.databasePoolSize = databasePoolSize;
    return this;
  }

  public boolean isCommandProcessorActive() {
    return commandProcessorActive;
  }

  public WorkerSystemInfo setCommandProcessorActive(boolean commandProcessorActive) {
    this.commandProcessorActive = commandProcessorActive;
    return this;
  }

  public List<String> getSupportedNamespaces() {
    return supportedNamespaces;
  }

  public WorkerSystemInfo setSupportedNamespaces(List<String> supportedNamespaces) {
    this.supportedNamespaces = supportedNamespaces;
    return this;
  }
}
