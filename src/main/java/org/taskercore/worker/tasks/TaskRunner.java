package org.taskercore.worker.tasks;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Runs a task: sends each step of its template over the bus to whichever worker serves the
 * namespace, as soon as the steps it depends on have succeeded, so independent branches run in
 * parallel. A failed step skips everything that depends on it; other branches go on.
 */
public final class TaskRunner {

  private static final long QUEUE_SLACK_MS = 30_000;

  private final Vertx vertx;
  private final Function<TemplateKey, Future<TaskTemplate>> templates;
  private final Tracer tracer;

  /**
   * @param templates where the runner reads the template's step graph
   * @param tracer    where each run's span ({@code task <template>}) comes from; its steps' spans are its children
   */
  public TaskRunner(Vertx vertx, Function<TemplateKey, Future<TaskTemplate>> templates, Tracer tracer) {
    this.vertx = vertx;
    this.templates = templates;
    this.tracer = tracer;
  }

  /** The task's result: {@code status} is {@code complete} or {@code error}, with each step's outcome. */
  public Future<JsonObject> run(TemplateKey key, JsonObject input) {
    // One context for the whole run, so every reply callback touches the run's state in turn.
    Context context = vertx.getOrCreateContext();
    Span span = tracer.spanBuilder("task " + key).setAttribute("tasker.task", key.toString()).startSpan();
    io.opentelemetry.context.Context traced = io.opentelemetry.context.Context.current().with(span);
    Promise<JsonObject> result = Promise.promise();
    // compose, so a template source that throws fails the run instead of losing it
    context.runOnContext(v -> Future.succeededFuture(key).compose(templates)
      .compose(template -> new Run(template, input, traced).start())
      .onComplete(ar -> {
        if (ar.failed() || !"complete".equals(ar.result().getString("status"))) {
          span.setStatus(StatusCode.ERROR, ar.failed() ? String.valueOf(ar.cause().getMessage()) : "a step did not succeed");
        }
        if (ar.succeeded()) {
          span.setAttribute("tasker.task_uuid", ar.result().getString("task_uuid"));
        }
        span.end();
        result.handle(ar);
      }));
    return result.future();
  }

  private final class Run {
    private final TaskTemplate template;
    private final JsonObject input;
    private final String taskUuid = UUID.randomUUID().toString();
    private final Map<String, JsonObject> outcomes = new LinkedHashMap<>();
    private final Map<String, Integer> waitingOn = new HashMap<>();
    private final JsonObject results = new JsonObject();
    private final Promise<JsonObject> done = Promise.promise();
    private final long startedNanos = System.nanoTime();
    private final io.opentelemetry.context.Context traced;
    private int running;

    Run(TaskTemplate template, JsonObject input, io.opentelemetry.context.Context traced) {
      this.template = template;
      this.input = input == null ? new JsonObject() : input;
      this.traced = traced;
    }

    Future<JsonObject> start() {
      template.steps().forEach(s -> waitingOn.put(s.name(), s.dependencies().size()));
      launchReady();
      finishIfSettled();
      return done.future();
    }

    private void launchReady() {
      for (TaskTemplate.StepDefinition step : template.steps()) {
        if (waitingOn.get(step.name()) == 0 && !outcomes.containsKey(step.name())) {
          outcomes.put(step.name(), null);
          running++;
          send(step).onComplete(ar -> settled(step, ar.succeeded() ? ar.result() : transportFailure(step, ar.cause())));
        }
      }
    }

    private Future<JsonObject> send(TaskTemplate.StepDefinition step) {
      JsonObject dependencyResults = new JsonObject();
      step.dependencies().forEach(d -> dependencyResults.put(d, results.getValue(d)));
      StepRequest request = new StepRequest(taskUuid, template.key(), step.name(), input, dependencyResults);
      // Sent as part of the task's trace, whichever reply's callback launches it.
      try (Scope ignored = traced.makeCurrent()) {
        return vertx.eventBus().<JsonObject>request(StepRequest.address(template.namespaceName()), request.toJson(),
          new DeliveryOptions().setSendTimeout(step.replyBoundMillis(QUEUE_SLACK_MS))).map(m -> m.body());
      }
    }

    private JsonObject transportFailure(TaskTemplate.StepDefinition step, Throwable cause) {
      String why = cause instanceof ReplyException re && re.failureType() == io.vertx.core.eventbus.ReplyFailure.NO_HANDLERS
        ? "no worker serves namespace '" + template.namespaceName() + "'"
        : cause.getMessage();
      return new JsonObject().put("step", step.name()).put("status", "rejected").put("error", why);
    }

    private void settled(TaskTemplate.StepDefinition step, JsonObject outcome) {
      running--;
      outcomes.put(step.name(), outcome);
      if ("success".equals(outcome.getString("status"))) {
        results.put(step.name(), outcome.getValue("output"));
        for (TaskTemplate.StepDefinition other : template.steps()) {
          if (other.dependencies().contains(step.name())) {
            waitingOn.merge(other.name(), -1, Integer::sum);
          }
        }
        launchReady();
      } else {
        skipDependents(step.name());
      }
      finishIfSettled();
    }

    private void skipDependents(String failed) {
      for (TaskTemplate.StepDefinition other : template.steps()) {
        if (other.dependencies().contains(failed) && !outcomes.containsKey(other.name())) {
          outcomes.put(other.name(), new JsonObject().put("step", other.name()).put("status", "skipped")
            .put("error", "dependency '" + failed + "' did not succeed"));
          skipDependents(other.name());
        }
      }
    }

    private void finishIfSettled() {
      if (running > 0 || done.future().isComplete()) {
        return;
      }
      JsonArray steps = new JsonArray();
      boolean allSucceeded = true;
      for (TaskTemplate.StepDefinition step : template.steps()) {
        JsonObject outcome = outcomes.get(step.name());
        if (outcome == null) {
          outcome = new JsonObject().put("step", step.name()).put("status", "skipped")
            .put("error", "dependencies can never be met (unknown step or cycle)");
        }
        allSucceeded &= "success".equals(outcome.getString("status"));
        steps.add(outcome);
      }
      done.complete(new JsonObject()
        .put("task_uuid", taskUuid)
        .put("template", template.key().toString())
        .put("status", allSucceeded ? "complete" : "error")
        .put("duration_ms", (System.nanoTime() - startedNanos) / 1_000_000)
        .put("steps", steps));
    }
  }
}
