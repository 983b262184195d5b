package org.taskercore.worker.events;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.service.metrics.MetricsQueryService;
import org.taskercore.worker.support.Waits;
import org.taskercore.worker.support.WorkerUnderTest;
import org.taskercore.worker.tasks.TemplateKey;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(VertxExtension.class)
@DisplayName("Domain events are routed by delivery mode with exact counts")
class DomainEventRoutingTest {

  private static final TemplateKey NOTIFY = TemplateKey.parse("notifications/send_notification/1.0.0");
  @RegisterExtension
  final WorkerUnderTest workers = WorkerUnderTest.perTest();

  @Test
  @DisplayName("success: 3 fast, 1 durable, 1 broadcast; a full channel drops, a failing handler errs, the others get every event")
  void routedByMode(VertxTestContext ctx) {
    List<String> seen = new CopyOnWriteArrayList<>();
    EventChannel[] channel = new EventChannel[1];
    workers.start(c -> c.set("worker.events.channel_capacity", 2)).compose(w -> {
      workers.worker().events().subscribe("notification.*", e -> seen.add(e.name()));
      workers.worker().events().subscribe("notification.delivered", e -> {
        throw new IllegalStateException("subscriber bug");
      });
      channel[0] = workers.worker().events().subscribeChannel("*"); // bounded by workers.worker().events.channel_capacity = 2
      return workers.worker().tasks().run(NOTIFY, new JsonObject());
    }).onComplete(ctx.succeeding(result -> ctx.verify(() -> {
      assertEquals("complete", result.getString("status"));
      // In publish order: rendered (fast), delivered (fast), sent (broadcast), attempted (fast, always).
      assertEquals(List.of("notification.rendered", "notification.delivered", "notification.sent", "notification.attempted"), seen);
      assertEquals(List.of("notification.rendered", "notification.delivered"), channel[0].drain().stream().map(DomainEvent::name).toList());
      assertEquals(2, channel[0].drops());
    })))
      .compose(v -> Waits.eventually(workers.worker().vertx(), () -> workers.worker().durableEvents().received() == 2, Duration.ofSeconds(5),
        "durable and broadcast acknowledged"))
      .onComplete(ctx.succeeding(v -> ctx.verify(() -> assertEquals(List.of("notification.audit", "notification.sent"),
        workers.worker().durableEvents().recent().stream().map(e -> e.getString("name")).sorted().toList()))))
      .compose(v -> MetricsQueryService.createProxy(workers.worker().vertx(), MetricsQueryService.ADDRESS, 5_000).events())
      .onComplete(ctx.succeeding(stats -> ctx.verify(() -> {
        assertEquals(new JsonObject()
          .put("total_routed", 5).put("durable_routed", 1).put("fast_routed", 3).put("broadcast_routed", 1)
          .put("fast_delivery_errors", 3).put("routing_errors", 0), stats.getRouter().toJson());
        assertEquals(new JsonObject()
          .put("total_events_dispatched", 4).put("handler_dispatches", 5).put("handler_errors", 1)
          .put("channel_dispatches", 2).put("channel_drops", 2).put("subscriber_patterns", 3)
          .put("handler_count", 2).put("channel_subscriber_count", 1), stats.getInProcessBus().toJson());
        assertEquals(workers.worker().workerId(), stats.getWorkerId());
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("failure: failure and always events go; success events do not")
  void failureEvents(VertxTestContext ctx) {
    List<String> seen = new CopyOnWriteArrayList<>();
    workers.start(c -> { }).compose(w -> {
      workers.worker().events().subscribe("*", e -> seen.add(e.name() + ":" + e.deliveryMode().wireName()));
      return workers.worker().tasks().run(NOTIFY, new JsonObject().put("fail_steps", new JsonArray().add("deliver")));
    }).onComplete(ctx.succeeding(result -> ctx.verify(() -> {
      assertEquals("error", result.getString("status"));
      assertEquals(List.of("notification.rendered:fast", "notification.failed:fast",
        "notification.failed_broadcast:broadcast", "notification.attempted:fast"), seen);
      assertEquals(new EventRouter.Stats(5, 1, 3, 1, 0, 0), workers.worker().eventRouter().stats());
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("a durable event nobody acknowledges is retried, then counted as a routing error")
  void unacknowledgedDurable(VertxTestContext ctx) {
    workers.start(c -> c.set("worker.events.durable_retry_delay_ms", 5).set("worker.events.durable_timeout_ms", 200))
      .compose(w -> {
        return w.vertx().undeploy(w.durableEvents().deploymentID());
      })
      .compose(v -> workers.worker().tasks().run(NOTIFY, new JsonObject()))
      .onComplete(ctx.succeeding(result -> ctx.verify(() -> {
        assertEquals("complete", result.getString("status"));
        EventRouter.Stats stats = workers.worker().eventRouter().stats();
        assertEquals(2, stats.routingErrors(), "the durable audit event and the broadcast's durable half");
        assertEquals(5, stats.totalRouted());
        ctx.completeNow();
      })));
  }
}
