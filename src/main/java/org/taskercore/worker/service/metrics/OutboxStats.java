package org.taskercore.worker.service.metrics;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.format.SnakeCase;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/** The durable outbox of a worker with a database: rows pending, and deliveries made and failed by this worker. */
@DataObject
@JsonGen(publicConverter = false, jsonPropertyNameFormatter = SnakeCase.class)
public class OutboxStats {

  private long pending;
  private long delivered;
  private long failed;

  public OutboxStats() {
  }

  public OutboxStats(JsonObject json) {
    OutboxStatsConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    OutboxStatsConverter.toJson(this, json);
    return json;
  }

  public long getPending() {
    return pending;
  }

  public OutboxStats setPending(long pending) {
    this.pending = pending;
    return this;
  }

  public long getDelivered() {
    return delivered;
  }

  public OutboxStats setDelivered(long delivered) {
    this.delivered = delivered;
    return this;
  }

  public long getFailed() {
    return failed;
  }

  public OutboxStats setFailed(long failed) {
    this.failed = failed;
    return this;
  }
}
