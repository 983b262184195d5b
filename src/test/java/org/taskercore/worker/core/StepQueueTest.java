package org.taskercore.worker.core;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.lifecycle.WorkerStatus;
import org.taskercore.worker.tasks.StepRequest;
import org.taskercore.worker.support.Waits;
import org.taskercore.worker.support.TestWorkers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(VertxExtension.class)
@DisplayName("Bounded concurrency and a bounded, observable queue")
class StepQueueTest {

  private static final Duration BOUND = Duration.ofSeconds(5);
  private TaskerWorker worker;

  @AfterEach
  void stop(VertxTestContext ctx) {
    worker.stop().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("one runs, one waits (depth 1, an age), the next is rejected with 503 and counted")
  void fullQueueRejects(VertxTestContext ctx) {
    JsonObject slowShip = slowShip(400);
    List<Future<Message<JsonObject>>> accepted = new ArrayList<>();
    TestWorkers.starting(c -> c.set("worker.steps.max_concurrency", 1).set("worker.steps.queue_capacity", 1))
      .compose(w -> {
        worker = w;
        accepted.add(send(slowShip));
        return Waits.eventually(w.vertx(), () -> w.steps().inFlight() == 1, BOUND, "first step running");
      })
      .compose(v -> {
        accepted.add(send(slowShip));
        return Waits.eventually(worker.vertx(), () -> worker.steps().queueDepth("inventory") == 1, BOUND, "second queued");
      })
      .compose(v -> {
        ctx.verify(() -> assertThat(worker.steps().oldestQueuedAgeSeconds("inventory")).isGreaterThanOrEqualTo(0.0));
        return send(slowShip).transform(third -> {
          ctx.verify(() -> {
            assertThat(third.cause()).isInstanceOf(ReplyException.class);
            assertEquals(503, ((ReplyException) third.cause()).failureCode());
            assertThat(third.cause().getMessage()).contains("step queue full");
          });
          return Future.all(accepted.get(0), accepted.get(1));
        });
      })
      .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
        assertEquals("success", accepted.get(0).result().body().getString("status"));
        assertEquals("success", accepted.get(1).result().body().getString("status"));
        assertEquals(1, worker.steps().stats().counter("inventory", StepOutcome.REJECTED).sum());
        assertEquals(2, worker.steps().stats().counter("inventory", StepOutcome.SUCCESS).sum());
        assertEquals(0, worker.steps().queueDepth("inventory"));
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("a malformed step message is answered 400, naming the missing field")
  void malformedMessage(VertxTestContext ctx) {
    TestWorkers.starting(c -> { })
      .compose(w -> {
        worker = w;
        return send(new JsonObject().put("name", "fulfil_order"));
      })
      .onComplete(ctx.failing(failure -> ctx.verify(() -> {
        assertEquals(400, ((ReplyException) failure).failureCode());
        assertThat(failure.getMessage()).contains("lacks 'version'");
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("a graceful stop lets the running and the queued step finish before the worker stops")
  void stopDrainsInFlightSteps(VertxTestContext ctx) {
    List<Future<Message<JsonObject>>> sent = new ArrayList<>();
    TestWorkers.starting(c -> c.set("worker.steps.max_concurrency", 1).set("worker.health.drain_delay_ms", 0))
      .compose(w -> {
        worker = w;
        sent.add(send(slowShip(300)));
        sent.add(send(slowShip(300)));
        return Waits.eventually(w.vertx(), () -> w.steps().queueDepth("inventory") == 1, BOUND, "one running, one queued");
      })
      .onComplete(ctx.succeeding(v -> {
        // Waited on directly: the worker closes its own Vert.x, whose context a composed stage would need.
        Future<Void> stopped = worker.stop();
        Future.all(sent.get(0), sent.get(1), stopped).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertEquals("success", sent.get(0).result().body().getString("status"));
          assertEquals("success", sent.get(1).result().body().getString("status"));
          assertEquals(WorkerStatus.STOPPED, worker.lifecycle().status());
          ctx.completeNow();
        })));
      }));
  }

  private static JsonObject slowShip(long ms) {
    return new JsonObject().put("name", "fulfil_order").put("version", "1.0.0").put("step", "ship_order")
      .put("input", new JsonObject().put("slow_steps", new JsonObject().put("ship_order", ms)));
  }

  private Future<Message<JsonObject>> send(JsonObject body) {
    return worker.vertx().eventBus().request(StepRequest.address("inventory"), body,
      new DeliveryOptions().setSendTimeout(10_000));
  }
}
