package org.taskercore.worker.service;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.service.health.BasicHealth;
import org.taskercore.worker.service.health.DetailedHealth;
import org.taskercore.worker.service.health.HealthService;
import org.taskercore.worker.support.Await;
import org.taskercore.worker.support.TestWorkers;

import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("HealthService through its proxy")
class HealthServiceTest {

  private static final Set<String> READINESS = Set.of("database", "command_processor", "queue_processing");
  private static final Set<String> DETAILED = Set.of("database", "command_processor", "queue_processing",
    "event_system", "step_processing", "circuit_breakers", "template_cache");

  private TaskerWorker worker;

  @AfterEach
  void stop() {
    if (worker != null) {
      Await.result(worker.stop());
    }
  }

  @Test
  @DisplayName("basic, live, ready and detailed answer the same at the shared and the per-worker address")
  void everyMethodAtBothAddresses() {
    worker = TestWorkers.start(c -> { });
    for (String address : new String[] {HealthService.ADDRESS, HealthService.addressOf(worker.workerId())}) {
      HealthService health = HealthService.createProxy(worker.vertx(), address, 5_000);
      BasicHealth basic = Await.result(health.basic());
      assertEquals("healthy", basic.getStatus());
      assertEquals(worker.workerId(), basic.getWorkerId());
      Instant.parse(basic.getTimestamp());
      assertEquals(Set.of("status", "worker_id", "timestamp"), basic.toJson().fieldNames());
      assertEquals("alive", Await.result(health.live()).getStatus());

      DetailedHealth ready = Await.result(health.ready());
      assertEquals("healthy", ready.getStatus(), ready.toJson().encodePrettily());
      assertEquals(READINESS, ready.getChecks().keySet());
      DetailedHealth detailed = Await.result(health.detailed());
      assertEquals("healthy", detailed.getStatus(), detailed.toJson().encodePrettily());
      assertEquals(DETAILED, detailed.getChecks().keySet());

      JsonObject json = detailed.toJson();
      assertEquals(Set.of("status", "timestamp", "worker_id", "checks", "system_info"), json.fieldNames());
      JsonObject database = json.getJsonObject("checks").getJsonObject("database");
      assertEquals("healthy", database.getString("status"));
      assertEquals("no database configured", database.getString("message"));
      assertThat(database.fieldNames()).contains("status", "message", "duration_ms", "last_checked");
      JsonObject info = json.getJsonObject("system_info");
      assertEquals(Set.of("version", "environment", "uptime_seconds", "worker_type", "database_pool_size",
        "command_processor_active", "supported_namespaces"), info.fieldNames());
      assertEquals("test", info.getString("environment"));
      assertTrue(info.getBoolean("command_processor_active"));
      assertEquals(java.util.List.of("inventory", "notifications", "payments"), info.getJsonArray("supported_namespaces").getList());
    }
  }

  @Test
  @DisplayName("a check that hangs is unhealthy 'timed out after N ms', answered within its timeout")
  void hangingCheck() {
    worker = TestWorkers.start(null, c -> c.set("worker.health.check_timeout_ms", 300), b -> b.healthCheck("downstream", false, promise -> { }));
    HealthService health = HealthService.createProxy(worker.vertx(), HealthService.ADDRESS, 5_000);
    long started = System.nanoTime();
    DetailedHealth detailed = Await.result(health.detailed());
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;
    assertThat(elapsedMs).as("answered near the 300 ms check timeout").isLessThan(300 + 1_500);
    assertEquals("degraded", detailed.getStatus());
    assertEquals("unhealthy", detailed.getChecks().get("downstream").getStatus());
    assertEquals("timed out after 300 ms", detailed.getChecks().get("downstream").getMessage());
    assertEquals("healthy", Await.result(health.ready()).getStatus(), "not a readiness check");
  }

  @Test
  @DisplayName("a check that throws is unhealthy with the reason; a failing readiness check makes readiness unhealthy")
  void throwingReadinessCheck() {
    worker = TestWorkers.start(null, c -> { }, b -> b.healthCheck("broker", true, promise -> {
      throw new IllegalStateException("broker unreachable");
    }));
    DetailedHealth ready = Await.result(HealthService.createProxy(worker.vertx(), HealthService.ADDRESS, 5_000).ready());
    assertEquals("unhealthy", ready.getStatus());
    assertEquals("check failed: broker unreachable", ready.getChecks().get("broker").getMessage());
  }

  @Test
  @DisplayName("within cache_ttl_ms a check's last result is served, marked cached with its age")
  void cachedResults() {
    worker = TestWorkers.start(c -> c.set("worker.health.cache_ttl_ms", 60_000));
    HealthService health = HealthService.createProxy(worker.vertx(), HealthService.ADDRESS, 5_000);
    Await.result(health.detailed());
    DetailedHealth second = Await.result(health.detailed());
    assertTrue(second.getChecks().get("template_cache").isCached());
    assertThat(second.getChecks().get("template_cache").getAgeMs()).isGreaterThanOrEqualTo(0);
  }

  @Test
  @DisplayName("draining: readiness turns unhealthy at once, liveness stays alive")
  void drain() {
    worker = TestWorkers.start(c -> c.set("worker.health.drain_delay_ms", 2_000).set("worker.health.cache_ttl_ms", 60_000));
    HealthService health = HealthService.createProxy(worker.vertx(), HealthService.addressOf(worker.workerId()), 5_000);
    assertEquals("healthy", Await.result(health.ready()).getStatus());
    Future<Void> stopping = worker.stop();
    DetailedHealth ready = Await.result(health.ready());
    assertEquals("unhealthy", ready.getStatus());
    assertThat(ready.getChecks().get("command_processor").getMessage()).startsWith("draining");
    assertFalse(ready.getChecks().get("command_processor").isCached(), "the drain dropped the cached result");
    assertEquals("alive", Await.result(health.live()).getStatus());
    Await.result(stopping);
    worker = null;
  }

  @Test
  @DisplayName("step_processing: over 15 % recent errors is unhealthy, and detailed health says degraded")
  void recentErrorRate() {
    worker = TestWorkers.start(c -> c.set("worker.health.cache_ttl_ms", 0));
    HealthService health = HealthService.createProxy(worker.vertx(), HealthService.ADDRESS, 5_000);
    assertThat(Await.result(health.detailed()).getChecks().get("step_processing").getMessage()).contains("(0 of 0 steps)");
    io.vertx.core.json.JsonObject failValidation = new io.vertx.core.json.JsonObject()
      .put("fail_steps", new io.vertx.core.json.JsonArray().add("validate_order"));
    Await.result(worker.tasks().run(org.taskercore.worker.templates.TemplateKey.parse("payments/process_payment/1.0.0"), failValidation));
    DetailedHealth detailed = Await.result(health.detailed());
    assertEquals("degraded", detailed.getStatus());
    assertEquals("unhealthy", detailed.getChecks().get("step_processing").getStatus());
    assertThat(detailed.getChecks().get("step_processing").getMessage()).startsWith("100.0% errors over the last 60 s (1 of 1 steps)");
    assertEquals("healthy", Await.result(health.ready()).getStatus(), "the error rate is not a readiness check");
  }

  @Test
  @DisplayName("database: a reachable host is healthy; an unreachable one makes readiness unhealthy, naming host and port")
  void databaseCheck() throws java.io.IOException {
    try (java.net.ServerSocket db = new java.net.ServerSocket(0, 10, java.net.InetAddress.getByName("127.0.0.1"))) {
      worker = TestWorkers.start(c -> c.set("common.database.url", "postgres://svc:secret@127.0.0.1:" + db.getLocalPort() + "/tasker"));
      DetailedHealth up = Await.result(HealthService.createProxy(worker.vertx(), HealthService.ADDRESS, 5_000).ready());
      assertEquals("healthy", up.getStatus(), up.toJson().encode());
      assertEquals("reachable at 127.0.0.1:" + db.getLocalPort(), up.getChecks().get("database").getMessage());
      assertEquals(1, up.getSystemInfo().getDatabasePoolSize());
      Await.result(worker.stop());
    }
    int closed;
    try (java.net.ServerSocket gone = new java.net.ServerSocket(0)) {
      closed = gone.getLocalPort();
    }
    int port = closed;
    worker = TestWorkers.start(c -> c.set("common.database.url", "jdbc:postgresql://127.0.0.1:" + port + "/tasker"));
    DetailedHealth down = Await.result(HealthService.createProxy(worker.vertx(), HealthService.ADDRESS, 5_000).ready());
    assertEquals("unhealthy", down.getStatus());
    assertThat(down.getChecks().get("database").getMessage()).startsWith("cannot reach 127.0.0.1:" + port);
    assertThat(down.toJson().encode()).doesNotContain("secret");
  }

  @Test
  @DisplayName("no worker at an address: the proxy fails with NO_HANDLERS")
  void unknownWorker() {
    worker = TestWorkers.start(c -> { });
    Throwable failure = Await.failure(HealthService.createProxy(worker.vertx(), HealthService.addressOf("nobody"), 2_000).basic());
    assertEquals(ReplyFailure.NO_HANDLERS, ((ReplyException) failure).failureType());
  }
}
