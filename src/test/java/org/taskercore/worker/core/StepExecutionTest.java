package org.taskercore.worker.core;

import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.support.TestWorkers;
import org.taskercore.worker.tasks.TemplateKey;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(VertxExtension.class)
@DisplayName("Steps run through the bus: order, failures, timeouts, retries, breakers")
class StepExecutionTest {

  static final ConcurrentLinkedQueue<String> trace = new ConcurrentLinkedQueue<>();
  static TaskerWorker worker;

  /** Records when each step starts and ends; waits {@code delay_ms} from its initialization. */
  static final StepHandler RECORD = new StepHandler() {
    @Override
    public String callable() {
      return "test.Record";
    }

    @Override
    public Future<JsonObject> handle(StepContext context) {
      trace.add("start " + context.stepName());
      long delay = ((Number) context.initialization().getOrDefault("delay_ms", 0)).longValue();
      Promise<JsonObject> done = Promise.promise();
      Runnable finish = () -> {
        trace.add("end " + context.stepName());
        done.complete(new JsonObject().put("from", context.stepName()));
      };
      if (delay > 0) {
        context.vertx().setTimer(delay, t -> finish.run());
      } else {
        finish.run();
      }
      return done.future();
    }
  };

  static final StepHandler ALWAYS_FAILS = new StepHandler() {
    @Override
    public String callable() {
      return "test.AlwaysFails";
    }

    @Override
    public Future<JsonObject> handle(StepContext context) {
      return Future.failedFuture("downstream refused");
    }
  };

  @BeforeAll
  static void start(VertxTestContext ctx) {
    TestWorkers.starting(c -> c
        .set("worker.templates.search_paths", new JsonArray().add("src/test/resources/templates/**/*.yaml"))
        .set("worker.steps.breaker_max_failures", 6)
        .set("worker.steps.breaker_reset_ms", 60_000),
      b -> b.handler(RECORD).handler(ALWAYS_FAILS)).onComplete(ctx.succeeding(w -> {
        worker = w;
        ctx.completeNow();
      }));
  }

  @AfterAll
  static void stop(VertxTestContext ctx) {
    worker.stop().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("a diamond: b and c after a, d after both, in parallel where the graph allows")
  void diamondOrder(VertxTestContext ctx) {
    trace.clear();
    verified(ctx, run("testing/diamond/1.0.0", new JsonObject()), result -> {
    assertEquals("complete", result.getString("status"), result.encodePrettily());
    List<String> order = List.copyOf(trace);
    assertThat(order.indexOf("start b")).isGreaterThan(order.indexOf("end a"));
    assertThat(order.indexOf("start c")).isGreaterThan(order.indexOf("end a"));
    assertThat(order.indexOf("start d")).isGreaterThan(order.indexOf("end b")).isGreaterThan(order.indexOf("end c"));
    assertThat(order.indexOf("end c")).as("c ran while b was still waiting: parallel branches")
      .isLessThan(order.indexOf("end b"));
    JsonObject d = step(result, "d");
    assertThat(d.getJsonObject("output").getString("from")).isEqualTo("d");
    });
  }

  @Test
  @DisplayName("a flaky step succeeds on its third attempt; with more failures than attempts it fails and skips its dependents")
  void retries(VertxTestContext ctx) {
    Future<JsonObject> thenFailing = run("testing/retry/1.0.0", new JsonObject().put("flaky_steps", new JsonObject().put("flaky", 2)))
      .onComplete(ctx.succeeding(ok -> ctx.verify(() -> {
        assertEquals("complete", ok.getString("status"));
        assertEquals(3, step(ok, "flaky").getInteger("attempts"));
      })))
      .compose(ok -> run("testing/retry/1.0.0", new JsonObject().put("flaky_steps", new JsonObject().put("flaky", 5))));
    verified(ctx, thenFailing, failed -> {
    assertEquals("error", failed.getString("status"));
    assertEquals("failure", step(failed, "flaky").getString("status"));
    assertEquals(3, step(failed, "flaky").getInteger("attempts"));
    assertThat(step(failed, "flaky").getString("error")).contains("attempt 3 failed");
    assertEquals("skipped", step(failed, "after").getString("status"));
    });
  }

  @Test
  @DisplayName("a step slower than timeout_seconds ends as a timeout")
  void timeout(VertxTestContext ctx) {
    verified(ctx, run("testing/slow/1.0.0", new JsonObject().put("slow_steps", new JsonObject().put("slow", 5_000))), result -> {
    JsonObject slow = step(result, "slow");
    assertEquals("timeout", slow.getString("status"));
    assertThat(slow.getString("error")).contains("timed out after 1000 ms");
    assertThat(worker.steps().stats().counter("testing", StepOutcome.TIMEOUT).sum()).isGreaterThanOrEqualTo(1);
    });
  }

  @Test
  @DisplayName("after breaker_max_failures failed attempts the handler's breaker opens and fails fast")
  void breakerOpens(VertxTestContext ctx) {
    long failuresBefore = worker.steps().stats().counter("testing", StepOutcome.FAILURE).sum();
    Future<JsonObject> runs = Future.succeededFuture();
    for (int i = 0; i < 6; i++) {
      runs = runs.compose(v -> run("testing/breaker/1.0.0", null)).onComplete(ctx.succeeding(result -> ctx.verify(() ->
        assertThat(step(result, "fragile").getString("error")).isEqualTo("downstream refused"))));
    }
    verified(ctx, runs.compose(v -> {
      ctx.verify(() -> assertEquals(CircuitBreakerState.OPEN, worker.steps().breakerStates().get("test.AlwaysFails")));
      return run("testing/breaker/1.0.0", null);
    }), result -> {
      assertThat(step(result, "fragile").getString("error")).isEqualTo("circuit breaker open for handler 'test.AlwaysFails'");
      assertEquals(failuresBefore + 7, worker.steps().stats().counter("testing", StepOutcome.FAILURE).sum());
      assertEquals(CircuitBreakerState.CLOSED, worker.steps().breakerStates().get("test.Record"));
    });
  }

  @Test
  @DisplayName("an unknown template is a failed task, not a hang")
  void unknownTemplate(VertxTestContext ctx) {
    worker.tasks().run(TemplateKey.parse("testing/nothing/1.0.0"), new JsonObject()).onComplete(ctx.failing(failure -> ctx.verify(() -> {
      assertThat(failure.getMessage()).contains("template not found: testing/nothing/1.0.0");
      ctx.completeNow();
    })));
  }

  static Future<JsonObject> run(String key, JsonObject input) {
    return worker.tasks().run(TemplateKey.parse(key), input);
  }

  /** Completes the test once {@code result} succeeded and {@code checks} hold. */
  static void verified(VertxTestContext ctx, Future<JsonObject> result, Consumer<JsonObject> checks) {
    result.onComplete(ctx.succeeding(json -> ctx.verify(() -> {
      checks.accept(json);
      ctx.completeNow();
    })));
  }

  static JsonObject step(JsonObject result, String name) {
    return result.getJsonArray("steps").stream().map(JsonObject.class::cast)
      .filter(s -> name.equals(s.getString("step"))).findFirst()
      .orElseThrow(() -> new AssertionError("no step " + name + " in " + result.encodePrettily()));
  }
}
