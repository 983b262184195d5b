package org.taskercore.worker.events;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.service.metrics.DomainEventStats;
import org.taskercore.worker.service.metrics.MetricsQueryService;
import org.taskercore.worker.support.Await;
import org.taskercore.worker.support.TestWorkers;
import org.taskercore.worker.templates.TemplateKey;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("Domain events are routed by delivery mode with exact counts")
class DomainEventRoutingTest {

  private static final TemplateKey NOTIFY = TemplateKey.parse("notifications/send_notification/1.0.0");
  private TaskerWorker worker;

  @AfterEach
  void stop() {
    Await.result(worker.stop());
  }

  @Test
  @DisplayName("success: 3 fast, 1 durable, 1 broadcast; a full channel drops, a failing handler errs, the others get every event")
  void routedByMode() {
    worker = TestWorkers.start(c -> c.set("worker.events.channel_capacity", 2));
    List<String> seen = new CopyOnWriteArrayList<>();
    worker.events().subscribe("notification.*", e -> seen.add(e.name()));
    worker.events().subscribe("notification.delivered", e -> {
      throw new IllegalStateException("subscriber bug");
    });
    EventChannel channel = worker.events().subscribeChannel("*"); // bounded by worker.events.channel_capacity = 2

    JsonObject result = Await.result(worker.tasks().run(NOTIFY, new JsonObject()));
    assertEquals("complete", result.getString("status"));

    // In publish order: rendered (fast), delivered (fast), sent (broadcast), attempted (fast, always).
    assertEquals(List.of("notification.rendered", "notification.delivered", "notification.sent", "notification.attempted"), seen);
    assertEquals(List.of("notification.rendered", "notification.delivered"), channel.drain().stream().map(DomainEvent::name).toList());
    assertEquals(2, channel.drops());
    Await.until(() -> worker.durableEvents().received() == 2, Duration.ofSeconds(5), "durable and broadcast acknowledged");
    assertEquals(List.of("notification.audit", "notification.sent"),
      worker.durableEvents().recent().stream().map(e -> e.getString("name")).sorted().toList());

    DomainEventStats stats = Await.result(MetricsQueryService.createProxy(worker.vertx(), MetricsQueryService.ADDRESS, 5_000).events());
    assertEquals(new JsonObject()
      .put("total_routed", 5).put("durable_routed", 1).put("fast_routed", 3).put("broadcast_routed", 1)
      .put("fast_delivery_errors", 3).put("routing_errors", 0), stats.getRouter().toJson());
    assertEquals(new JsonObject()
      .put("total_events_dispatched", 4).put("handler_dispatches", 5).put("handler_errors", 1)
      .put("channel_dispatches", 2).put("channel_drops", 2).put("subscriber_patterns", 3)
      .put("handler_count", 2).put("channel_subscriber_count", 1), stats.getInProcessBus().toJson());
    assertEquals(worker.workerId(), stats.getWorkerId());
  }

  @Test
  @DisplayName("failure: failure and always events go; success events do not")
  void failureEvents() {
    worker = TestWorkers.start(c -> { });
    List<String> seen = new CopyOnWriteArrayList<>();
    worker.events().subscribe("*", e -> seen.add(e.name() + ":" + e.deliveryMode().wireName()));
    JsonObject input = new JsonObject().put("fail_steps", new io.vertx.core.json.JsonArray().add("deliver"));
    assertEquals("error", Await.result(worker.tasks().run(NOTIFY, input)).getString("status"));
    assertEquals(List.of("notification.rendered:fast", "notification.failed:fast",
      "notification.failed_broadcast:broadcast", "notification.attempted:fast"), seen);
    EventRouter.Stats stats = worker.eventRouter().stats();
    assertEquals(new EventRouter.Stats(5, 1, 3, 1, 0, 0), stats);
  }

  @Test
  @DisplayName("a durable event nobody acknowledges is retried, then counted as a routing error")
  void unacknowledgedDurable() {
    worker = TestWorkers.start(c -> c.set("worker.events.durable_retry_delay_ms", 5).set("worker.events.durable_timeout_ms", 200));
    Await.result(worker.vertx().undeploy(worker.durableEvents().deploymentID()));
    assertEquals("complete", Await.result(worker.tasks().run(NOTIFY, new JsonObject())).getString("status"));
    EventRouter.Stats stats = worker.eventRouter().stats();
    assertEquals(2, stats.routingErrors(), "the durable audit event and the broadcast's durable half");
    assertEquals(5, stats.totalRouted());
  }
}
