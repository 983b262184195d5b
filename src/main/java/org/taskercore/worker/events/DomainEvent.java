package org.taskercore.worker.events;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.UUID;

/** An event a finished step publishes, with where it came from. */
public record DomainEvent(String eventId, String name, DeliveryMode deliveryMode, JsonObject payload,
                          String taskUuid, String namespace, String stepName, Instant publishedAt) {

  public static DomainEvent of(String name, DeliveryMode mode, JsonObject payload,
                               String taskUuid, String namespace, String stepName) {
    return new DomainEvent(UUID.randomUUID().toString(), name, mode, payload, taskUuid, namespace,
      stepName, Instant.now());
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("event_id", eventId)
      .put("name", name)
      .put("delivery_mode", deliveryMode.wireName())
      .put("payload", payload)
      .put("task_uuid", taskUuid)
      .put("namespace", namespace)
      .put("step_name", stepName)
      .put("published_at", publishedAt.toString());
  }
}
