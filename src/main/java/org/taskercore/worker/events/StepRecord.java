package org.taskercore.worker.events;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/** A finished step's outcome, as it is stored beside its durable events when there is a database. */
public record StepRecord(String taskUuid, String namespace, String stepName, String workerId, String status,
                         int attempts, Instant startedAt, Instant finishedAt, JsonObject result, String error) {

  public long durationMs() {
    return finishedAt.toEpochMilli() - startedAt.toEpochMilli();
  }
}
