package org.taskercore.worker.core;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * What a handler gets: the task input, the results of the steps it depends on (by step name),
 * the template's {@code handler.initialization}, and which attempt this is (1 for the first).
 */
public record StepContext(String taskUuid, String namespace, String templateName, String stepName,
                          int attempt, JsonObject input, JsonObject dependencyResults,
                          Map<String, Object> initialization, Vertx vertx) {
}
