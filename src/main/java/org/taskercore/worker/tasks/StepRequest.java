package org.taskercore.worker.tasks;

import io.vertx.core.json.JsonObject;

/**
 * One step message: what the task runner sends to {@link #address(String)} and a worker serving
 * that namespace runs. The one place of the step messages' wire form.
 */
public record StepRequest(String taskUuid, TemplateKey templateKey, String step,
                          JsonObject input, JsonObject dependencyResults) {

  private static final String ADDRESS_PREFIX = "tasker.steps.";

  /** Where the workers serving {@code namespace} take its steps. */
  public static String address(String namespace) {
    return ADDRESS_PREFIX + namespace;
  }

  public String namespace() {
    return templateKey.namespace();
  }

  public JsonObject toJson() {
    return new JsonObject().put("task_uuid", taskUuid).put("name", templateKey.name())
      .put("version", templateKey.version()).put("step", step).put("input", input)
      .put("dependency_results", dependencyResults);
  }

  /** Reads a message that arrived at the address of {@code namespace}; a malformed one is an {@link IllegalArgumentException}. */
  public static StepRequest fromJson(JsonObject body, String namespace) {
    if (body == null) {
      throw new IllegalArgumentException("a step message needs a JSON object body");
    }
    try {
      String name = required(body, "name");
      String version = required(body, "version");
      String step = required(body, "step");
      JsonObject input = body.getJsonObject("input", new JsonObject());
      JsonObject deps = body.getJsonObject("dependency_results", new JsonObject());
      return new StepRequest(body.getString("task_uuid", "adhoc"), new TemplateKey(namespace, name, version),
        step, input, deps);
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("step message has a field of the wrong type: " + e.getMessage());
    }
  }

  private static String required(JsonObject body, String field) {
    String value = body.getString(field);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("step message lacks '" + field + "'");
    }
    return value;
  }
}
