package org.taskercore.worker.core;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.taskercore.worker.protocol.FailureCodes;
import org.taskercore.worker.events.DeliveryMode;
import org.taskercore.worker.events.DomainEvent;
import org.taskercore.worker.events.DurableEventsRefused;
import org.taskercore.worker.events.EventRouter;
import org.taskercore.worker.events.StepRecord;
import org.taskercore.worker.tasks.TaskTemplate;
import org.taskercore.worker.templates.TemplateCache;
import org.taskercore.worker.tasks.StepRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One step message from request to reply: resolve the template and handler, run the attempts,
 * publish the step's declared events, count the outcome and answer the sender.
 */
final class StepRun {

  private final Vertx vertx;
  private final String workerId;
  private final HandlerRegistry handlers;
  private final TemplateCache templates;
  private final EventRouter events;
  private final StepStats stats;
  private final StepObserver observer;
  private final Function<String, CircuitBreaker> breakers;
  private final Tracer tracer;

  StepRun(Vertx vertx, String workerId, HandlerRegistry handlers, TemplateCache templates,
          EventRouter events, StepStats stats, StepObserver observer, Function<String, CircuitBreaker> breakers,
          Tracer tracer) {
    this.tracer = tracer;
    this.vertx = vertx;
    this.workerId = workerId;
    this.handlers = handlers;
    this.templates = templates;
    this.events = events;
    this.stats = stats;
    this.observer = observer;
    this.breakers = breakers;
  }

  /**
   * Always completes (successfully) once the sender has been answered.
   *
   * @param trace the trace the message came with; Vert.x's span for the message, which lasts until
   *              the reply, becomes the step's span ({@code step <name>}) and its attempts' parent
   */
  Future<Void> execute(String namespace, Message<JsonObject> message, Context trace) {
    StepRequest request;
    try {
      request = StepRequest.fromJson(message.body(), namespace);
    } catch (IllegalArgumentException e) {
      message.fail(FailureCodes.INVALID_ARGUMENT, e.getMessage());
      return Future.succeededFuture();
    }
    Span span = StepSpans.step(trace, request);
    return vertx.executeBlocking(() -> templates.get(request.templateKey()), false)
      .compose(lookup -> runStep(request, lookup == null ? null : lookup.template(), trace))
      .andThen(ar -> {
        String outcome = ar.succeeded() ? ar.result().getString("status") : "failure";
        StepSpans.outcome(span, outcome, ar.succeeded() ? ar.result().getString("error") : ar.cause().getMessage());
        if (!StepOutcome.SUCCESS.label().equals(outcome) && span.getSpanContext().isSampled()) {
          stats.failedIn(span.getSpanContext().getTraceId());
        }
      })
      .recover(e -> Future.succeededFuture(failed(request, 0, "template lookup failed: " + e.getMessage())))
      .transform(ar -> {
        try {
          message.reply(ar.result());
        } catch (RuntimeException e) { // a handler output JSON cannot carry
          message.fail(FailureCodes.INTERNAL, "step result cannot be sent: " + e.getMessage());
        }
        return Future.succeededFuture();
      });
  }

  private Future<JsonObject> runStep(StepRequest request, TaskTemplate template, Context trace) {
    if (template == null) {
      return Future.succeededFuture(failed(request, 0, "template " + request.templateKey() + " not found on worker " + workerId));
    }
    TaskTemplate.StepDefinition step = template.step(request.step());
    if (step == null) {
      return Future.succeededFuture(failed(request, 0, "template " + request.templateKey() + " has no step '" + request.step() + "'"));
    }
    StepHandler handler = handlers.get(step.callable());
    if (handler == null) {
      return Future.succeededFuture(failed(request, 0, "handler '" + step.callable() + "' is not registered on worker " + workerId));
    }
    long started = System.nanoTime();
    Instant startedAt = Instant.now();
    Map<String, Object> init = step.handler().initialization() == null ? Map.of() : step.handler().initialization();
    return StepAttempts.run(vertx, breakers.apply(step.callable()), handler, step, new StepSpans(tracer, trace, request),
        attempt -> new StepContext(request.taskUuid(), request.namespace(), template.name(), step.name(),
          attempt, request.input(), request.dependencyResults(), init, vertx))
      .compose(result -> {
        long elapsed = System.nanoTime() - started;
        stats.record(request.namespace(), result.outcome());
        observer.stepFinished(request.namespace(), step.callable(), result.outcome(), elapsed);
        JsonObject reply = reply(request, result.outcome(), result.attempts(), elapsed / 1_000_000)
          .put("output", result.output()).put("error", result.error());
        StepRecord record = new StepRecord(request.taskUuid(), request.namespace(), step.name(), workerId,
          result.outcome().label(), result.attempts(), startedAt, Instant.now(), result.output(), result.error());
        Future<Integer> publishing;
        // Under the step's span: the outbox's database spans and the events belong to it.
        try (Scope ignored = trace.makeCurrent()) {
          publishing = publish(request, step, result, record);
        }
        return publishing.map(published -> reply.put("events_published", published))
          .recover(e -> e instanceof DurableEventsRefused refused
            // Its durable events could not be kept: the step says so rather than losing them quietly.
            ? Future.succeededFuture(reply.put("status", StepOutcome.FAILURE.label()).put("error", refused.getMessage())
              .put("events_published", 0))
            : Future.failedFuture(e));
      });
  }

  /** Routes the step's declared events; answers how many were routed without error. */
  private Future<Integer> publish(StepRequest request, TaskTemplate.StepDefinition step, StepAttempts.Result result,
                                  StepRecord record) {
    boolean success = result.outcome() == StepOutcome.SUCCESS;
    List<DomainEvent> declaredNow = new ArrayList<>();
    for (TaskTemplate.EventDeclaration declared : step.publishesEvents()) {
      String condition = declared.condition() == null ? "success" : declared.condition();
      if (!condition.equals("always") && condition.equals("success") != success) {
        continue;
      }
      DeliveryMode mode;
      try {
        mode = DeliveryMode.parse(declared.deliveryMode());
      } catch (IllegalArgumentException e) {
        continue; // validation reports it; routing an unknown mode is never attempted
      }
      JsonObject payload = new JsonObject().put("status", result.outcome().label())
        .put("output", result.output()).put("error", result.error()).put("worker_id", workerId);
      declaredNow.add(DomainEvent.of(declared.name(), mode, payload, request.taskUuid(), request.namespace(), step.name()));
      Span.current().addEvent("domain_event " + declared.name(), Attributes.of(StepSpans.EVENT, declared.name(),
        StepSpans.DELIVERY, mode.wireName()));
    }
    return events.routeStep(record, declaredNow).transform(ar -> {
      if (ar.failed() && ar.cause() instanceof DurableEventsRefused) {
        return Future.failedFuture(ar.cause());
      }
      // Over the bus an unacknowledged durable event is counted and logged by the router; the others were routed.
      long durableCount = declaredNow.stream().filter(e -> e.deliveryMode() != DeliveryMode.FAST).count();
      return Future.succeededFuture(ar.succeeded() ? declaredNow.size() : (int) (declaredNow.size() - durableCount));
    });
  }

  private JsonObject failed(StepRequest request, int attempts, String error) {
    stats.record(request.namespace(), StepOutcome.FAILURE);
    return reply(request, StepOutcome.FAILURE, attempts, 0).put("error", error);
  }

  private JsonObject reply(StepRequest request, StepOutcome outcome, int attempts, long durationMs) {
    return new JsonObject()
      .put("task_uuid", request.taskUuid())
      .put("step", request.step())
      .put("namespace", request.namespace())
      .put("status", outcome.label())
      .put("attempts", attempts)
      .put("duration_ms", durationMs)
      .put("worker_id", workerId);
  }
}
