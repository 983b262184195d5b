package org.taskercore.worker.service.health;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.format.SnakeCase;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/**
 * One check's result: {@code status} healthy|degraded|unhealthy, {@code message} (may be null),
 * {@code duration_ms} of the run that produced it, {@code last_checked} (RFC 3339 UTC) and, when
 * it was served from the per-check cache, {@code cached: true} with its {@code age_ms}.
 */
@DataObject
@JsonGen(publicConverter = false, jsonPropertyNameFormatter = SnakeCase.class)
public class HealthCheckResult {

  private String status;
  private String message;
  private long durationMs;
  private String lastChecked;
  private boolean cached;
  private long ageMs;
  private String traceId;

  public HealthCheckResult() {
  }

  public HealthCheckResult(JsonObject json) {
    HealthCheckResultConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    HealthCheckResultConverter.toJson(this, json);
    if (message == null) {
      json.putNull("message");
    }
    return json;
  }

  public String getStatus() {
    return status;
  }

  public HealthCheckResult setStatus(String status) {
    this.status = status;
    return this;
  }

  public String getMessage() {
    return message;
  }

  public HealthCheckResult setMessage(String message) {
    this.message = message;
    return this;
  }

  public long getDurationMs() {
    return durationMs;
  }

  public HealthCheckResult setDurationMs(long durationMs) {
    this.durationMs = durationMs;
    return this;
  }

  public String getLastChecked() {
    return lastChecked;
  }

  public HealthCheckResult setLastChecked(String lastChecked) {
    this.lastChecked = lastChecked;
    return this;
  }

  public boolean isCached() {
    return cached;
  }

  public HealthCheckResult setCached(boolean cached) {
    this.cached = cached;
    return this;
  }

  public long getAgeMs() {
    return ageMs;
  }

  public HealthCheckResult setAgeMs(long ageMs) {
    this.ageMs = ageMs;
    return this;
  }

  /** The trace showing why a check is not healthy (its own run, or the latest failed step's); null when none. */
  public String getTraceId() {
    return traceId;
  }

  public HealthCheckResult setTraceId(String traceId) {
    this.traceId = traceId;
    return this;
  }
}
