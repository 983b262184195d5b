package org.taskercore.worker.core;

import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.support.Waits;
import org.taskercore.worker.support.TestWorkers;
import org.taskercore.worker.tasks.TemplateKey;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(VertxExtension.class)
@DisplayName("A breaker opens on breaker_max_failures failed attempts within breaker_window_ms, not on older ones")
class BreakerWindowTest {

  private static final TemplateKey BREAKER = TemplateKey.parse("testing/breaker/1.0.0");
  private static final long WINDOW_MS = 2_000;

  private TaskerWorker worker;

  @AfterEach
  void stop(VertxTestContext ctx) {
    worker.stop().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("a failure older than the window no longer counts; two within it open the breaker")
  void failuresOutsideTheWindowDoNotCount(VertxTestContext ctx) {
    long[] firstFailure = new long[1];
    TestWorkers.starting(c -> c
        .set("worker.templates.search_paths", new JsonArray().add("src/test/resources/templates/**/*.yaml"))
        .set("worker.steps.breaker_max_failures", 2)
        .set("worker.steps.breaker_window_ms", WINDOW_MS)
        .set("worker.steps.breaker_reset_ms", 60_000),
      b -> b.handler(StepExecutionTest.ALWAYS_FAILS))
      .compose(w -> {
        worker = w;
        return w.tasks().run(BREAKER, new JsonObject());
      })
      .compose(first -> {
        firstFailure[0] = System.nanoTime();
        ctx.verify(() -> assertEquals(CircuitBreakerState.CLOSED, state(), "one failure leaves it closed"));
        // The window is counted in whole seconds: wait until the first failure is surely out of it.
        return Waits.eventually(worker.vertx(), () -> System.nanoTime() - firstFailure[0] > (WINDOW_MS + 1_200) * 1_000_000,
          Duration.ofMillis(WINDOW_MS + 3_000), "the first failure left the window");
      })
      .compose(v -> worker.tasks().run(BREAKER, new JsonObject()))
      .onComplete(ctx.succeeding(second -> ctx.verify(() ->
        assertEquals(CircuitBreakerState.CLOSED, state(), "the old failure no longer counts"))))
      .compose(v -> worker.tasks().run(BREAKER, new JsonObject()))
      .onComplete(ctx.succeeding(third -> ctx.verify(() -> {
        assertEquals(CircuitBreakerState.OPEN, state(), "two failures within the window open it");
        ctx.completeNow();
      })));
  }

  private CircuitBreakerState state() {
    return worker.steps().breakerStates().get("test.AlwaysFails");
  }
}
