package org.taskercore.worker.core;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.support.Await;
import org.taskercore.worker.support.TestWorkers;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("Bounded concurrency and a bounded, observable queue")
class StepQueueTest {

  private TaskerWorker worker;

  @AfterEach
  void stop() {
    Await.result(worker.stop());
  }

  @Test
  @DisplayName("one runs, one waits (depth 1, an age), the next is rejected with 503 and counted")
  void fullQueueRejects() {
    worker = TestWorkers.start(c -> c.set("worker.steps.max_concurrency", 1).set("worker.steps.queue_capacity", 1));
    JsonObject slowShip = new JsonObject().put("name", "fulfil_order").put("version", "1.0.0").put("step", "ship_order")
      .put("input", new JsonObject().put("slow_steps", new JsonObject().put("ship_order", 400)));
    Future<Message<JsonObject>> first = send(slowShip);
    Await.until(() -> worker.steps().inFlight() == 1, Duration.ofSeconds(5), "first step running");
    Future<Message<JsonObject>> second = send(slowShip);
    Await.until(() -> worker.steps().queueDepth("inventory") == 1, Duration.ofSeconds(5), "second queued");
    assertThat(worker.steps().oldestQueuedAgeSeconds("inventory")).isGreaterThanOrEqualTo(0.0);

    Throwable third = Await.failure(send(slowShip));
    assertThat(third).isInstanceOf(ReplyException.class);
    assertEquals(503, ((ReplyException) third).failureCode());
    assertThat(third.getMessage()).contains("step queue full");

    assertEquals("success", Await.result(first).body().getString("status"));
    assertEquals("success", Await.result(second).body().getString("status"));
    assertEquals(1, worker.steps().stats().counter("inventory", StepOutcome.REJECTED).sum());
    assertEquals(2, worker.steps().stats().counter("inventory", StepOutcome.SUCCESS).sum());
    assertEquals(0, worker.steps().queueDepth("inventory"));
  }

  @Test
  @DisplayName("a malformed step message is answered 400, naming the missing field")
  void malformedMessage() {
    worker = TestWorkers.start(c -> { });
    Throwable failure = Await.failure(send(new JsonObject().put("name", "fulfil_order")));
    assertEquals(400, ((ReplyException) failure).failureCode());
    assertThat(failure.getMessage()).contains("lacks 'version'");
  }

  @Test
  @DisplayName("a graceful stop lets the running and the queued step finish before the worker stops")
  void stopDrainsInFlightSteps() {
    worker = TestWorkers.start(c -> c.set("worker.steps.max_concurrency", 1).set("worker.health.drain_delay_ms", 0));
    JsonObject slowShip = new JsonObject().put("name", "fulfil_order").put("version", "1.0.0").put("step", "ship_order")
      .put("input", new JsonObject().put("slow_steps", new JsonObject().put("ship_order", 300)));
    Future<Message<JsonObject>> running = send(slowShip);
    Future<Message<JsonObject>> queued = send(slowShip);
    Await.until(() -> worker.steps().queueDepth("inventory") == 1, Duration.ofSeconds(5), "one running, one queued");
    Future<Void> stopped = worker.stop();
    assertEquals("success", Await.result(running).body().getString("status"));
    assertEquals("success", Await.result(queued).body().getString("status"));
    Await.result(stopped);
    assertEquals(org.taskercore.worker.core.WorkerStatus.STOPPED, worker.lifecycle().status());
  }

  private Future<Message<JsonObject>> send(JsonObject body) {
    return worker.vertx().eventBus().request(StepExecutor.addressFor("inventory"), body,
      new DeliveryOptions().setSendTimeout(10_000));
  }
}
