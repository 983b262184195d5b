package org.taskercore.worker.core;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.taskercore.worker.tasks.TaskTemplate;

import java.util.function.IntFunction;

/**
 * One step run to its end: each attempt goes through the handler's circuit breaker under the
 * step's timeout, and failed attempts are retried as the step's retry policy says.
 */
final class StepAttempts {

  /** How the step ended; {@code output} on success, {@code error} otherwise. */
  record Result(StepOutcome outcome, int attempts, JsonObject output, String error) {
  }

  private static final class StepTimeoutException extends RuntimeException {
    StepTimeoutException(long ms) {
      super("step timed out after " + ms + " ms", null, false, false);
    }
  }

  private StepAttempts() {
  }

  static Future<Result> run(Vertx vertx, CircuitBreaker breaker, StepHandler handler,
                            TaskTemplate.StepDefinition step, StepSpans spans, IntFunction<StepContext> contextForAttempt) {
    Promise<Result> done = Promise.promise();
    attempt(vertx, breaker, handler, step, spans, contextForAttempt, 1, done);
    return done.future();
  }

  private static void attempt(Vertx vertx, CircuitBreaker breaker, StepHandler handler,
                              TaskTemplate.StepDefinition step, StepSpans spans, IntFunction<StepContext> contexts,
                              int attempt, Promise<Result> done) {
    long timeoutMs = step.timeoutMillis();
    Span span = spans.startAttempt(attempt);
    Future<JsonObject> tried;
    try (Scope ignored = spans.within(span)) {
      tried = breaker.execute(promise -> invokeWithTimeout(vertx, handler, contexts.apply(attempt), timeoutMs, promise));
    }
    tried.onComplete(ar -> {
      Throwable cause = ar.cause();
      StepOutcome outcome = ar.succeeded() ? StepOutcome.SUCCESS
        : cause instanceof StepTimeoutException ? StepOutcome.TIMEOUT : StepOutcome.FAILURE;
      StepSpans.endAttempt(span, outcome.label(), cause);
      if (ar.succeeded()) {
        done.complete(new Result(StepOutcome.SUCCESS, attempt, ar.result(), null));
        return;
      }
      int maxAttempts = step.retry().attempts();
      if (attempt < maxAttempts) {
        long delay = Math.max(1, step.retry().delayBeforeAttempt(attempt + 1));
        vertx.setTimer(delay, t -> attempt(vertx, breaker, handler, step, spans, contexts, attempt + 1, done));
        return;
      }
      String error = cause instanceof OpenCircuitException
        ? "circuit breaker open for handler '" + handler.callable() + "'"
        : String.valueOf(cause.getMessage());
      done.complete(new Result(outcome, attempt, null, error));
    });
  }

  private static void invokeWithTimeout(Vertx vertx, StepHandler handler, StepContext context,
                                        long timeoutMs, Promise<JsonObject> promise) {
    long timer = vertx.setTimer(timeoutMs, t -> promise.tryFail(new StepTimeoutException(timeoutMs)));
    Future<JsonObject> result;
    try {
      result = handler.handle(context);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    if (result == null) {
      result = Future.failedFuture("handler '" + handler.callable() + "' returned no future");
    }
    result.onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        promise.tryComplete(ar.result() == null ? new JsonObject() : ar.result());
      } else {
        promise.tryFail(ar.cause());
      }
    });
  }
}
