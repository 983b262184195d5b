package org.taskercore.worker.core;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.taskercore.worker.tasks.StepRequest;

/**
 * The spans of one step: an attempt each ({@code step.attempt <name>}, a child of the step's span),
 * marked with the task, the step, the attempt's number and its outcome; a failed attempt records
 * its error.
 */
final class StepSpans {

  static final AttributeKey<String> TASK = AttributeKey.stringKey("tasker.task");
  static final AttributeKey<String> TASK_UUID = AttributeKey.stringKey("tasker.task_uuid");
  static final AttributeKey<String> STEP = AttributeKey.stringKey("tasker.step");
  static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("tasker.attempt");
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("tasker.outcome");
  static final AttributeKey<String> EVENT = AttributeKey.stringKey("tasker.event");
  static final AttributeKey<String> DELIVERY = AttributeKey.stringKey("tasker.delivery_mode");

  private final Tracer tracer;
  private final Context step;
  private final StepRequest request;

  StepSpans(Tracer tracer, Context step, StepRequest request) {
    this.tracer = tracer;
    this.step = step;
    this.request = request;
  }

  /** Vert.x's span of the step message, named and marked as the step's (a no-op span when untraced). */
  static Span step(Context trace, StepRequest request) {
    Span span = Span.fromContext(trace);
    span.updateName("step " + request.step());
    span.setAttribute(TASK, request.templateKey().toString());
    span.setAttribute(STEP, request.step());
    span.setAttribute(TASK_UUID, request.taskUuid());
    return span;
  }

  Span startAttempt(int number) {
    return tracer.spanBuilder("step.attempt " + request.step()).setParent(step)
      .setAttribute(TASK, request.templateKey().toString())
      .setAttribute(STEP, request.step())
      .setAttribute(ATTEMPT, (long) number)
      .startSpan();
  }

  /** Makes the attempt current while the handler starts: its logs and bus calls belong to it. */
  Scope within(Span attempt) {
    return step.with(attempt).makeCurrent();
  }

  static void endAttempt(Span attempt, String outcome, Throwable failure) {
    if (failure != null) {
      attempt.recordException(failure);
    }
    outcome(attempt, outcome, failure == null ? null : String.valueOf(failure.getMessage()));
    attempt.end();
  }

  /** Ends an attempt's or a step's span with how it went. */
  static void outcome(Span span, String outcome, String error) {
    span.setAttribute(OUTCOME, outcome);
    if (!"success".equals(outcome)) {
      span.setStatus(StatusCode.ERROR, error == null ? outcome : error);
    }
  }
}
