package org.taskercore.worker.core;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Runs one kind of workflow step. Templates name a handler by its {@link #callable()}.
 * Implementations must not block the calling thread: return a future, and move blocking work
 * to {@code context.vertx().executeBlocking(...)}.
 */
public interface StepHandler {

  /** The name templates use in {@code handler.callable}. */
  String callable();

  /** The step's result; a failed future fails the attempt (and may be retried). */
  Future<JsonObject> handle(StepContext context);
}
