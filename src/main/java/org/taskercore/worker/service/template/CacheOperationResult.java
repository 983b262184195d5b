package org.taskercore.worker.service.template;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.format.SnakeCase;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/** What a cache operation did: {@code operation}, {@code success}, {@code message}, {@code timestamp}, and the {@code cache_stats} after it. */
@DataObject
@JsonGen(publicConverter = false, jsonPropertyNameFormatter = SnakeCase.class)
public class CacheOperationResult {

  private String operation;
  private boolean success;
  private String message;
  private String timestamp;
  private CacheStats cacheStats;

  public CacheOperationResult() {
  }

  public CacheOperationResult(JsonObject json) {
    CacheOperationResultConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    CacheOperationResultConverter.toJson(this, json);
    return json;
  }

  public String getOperation() {
    return operation;
  }

  public CacheOperationResult setOperation(String operation) {
    this.operation = operation;
    return this;
  }

  public boolean isSuccess() {
    return success;
  }

  public CacheOperationResult setSuccess(boolean success) {
    this.success = success;
    return this;
  }

  public String getMessage() {
    return message;
  }

  public CacheOperationResult setMessage(String message) {
    this.message = message;
    return this;
  }

  public String getTimestamp() {
    return timestamp;
  }

  public CacheOperationResult setTimestamp(String timestamp) {
    this.timestamp = timestamp;
    return this;
  }

  public CacheStats getCacheStats() {
    return cacheStats;
  }

  public CacheOperationResult setCacheStats(CacheStats cacheStats) {
    this.cacheStats = cacheStats;
    return this;
  }
}
