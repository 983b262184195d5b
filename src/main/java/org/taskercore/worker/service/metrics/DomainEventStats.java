package org.taskercore.worker.service.metrics;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.format.SnakeCase;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/**
 * Domain event counters of one worker: {@code router}, {@code in_process_bus}, {@code outbox} (with a
 * database; else absent), {@code captured_at}, {@code worker_id}.
 */
@DataObject
@JsonGen(publicConverter = false, jsonPropertyNameFormatter = SnakeCase.class)
public class DomainEventStats {

  private EventRouterStats router;
  private InProcessBusStats inProcessBus;
  private OutboxStats outbox;
  private String capturedAt;
  private String workerId;

  public DomainEventStats() {
  }

  public DomainEventStats(JsonObject json) {
    DomainEventStatsConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    DomainEventStatsConverter.toJson(this, json);
    return json;
  }

  public EventRouterStats getRouter() {
    return router;
  }

  public DomainEventStats setRouter(EventRouterStats router) {
    this.router = router;
    return this;
  }

  public InProcessBusStats getInProcessBus() {
    return inProcessBus;
  }

  public DomainEventStats setInProcessBus(InProcessBusStats inProcessBus) {
    this.inProcessBus = inProcessBus;
    return this;
  }

  public OutboxStats getOutbox() {
    return outbox;
  }

  public DomainEventStats setOutbox(OutboxStats outbox) {
    this.outbox = outbox;
    return this;
  }

  public String getCapturedAt() {
    return capturedAt;
  }

  public DomainEventStats setCapturedAt(String capturedAt) {
    this.capturedAt = capturedAt;
    return this;
  }

  public String getWorkerId() {
    return workerId;
  }

  public DomainEventStats setWorkerId(String workerId) {
    this.workerId = workerId;
    return this;
  }
}
