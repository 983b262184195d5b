package org.taskercore.worker.service;

import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.service.health.DetailedHealth;
import org.taskercore.worker.service.health.HealthService;
import org.taskercore.worker.support.WorkerUnderTest;
import org.taskercore.worker.tasks.TemplateKey;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@DisplayName("HealthService through its proxy")
class HealthServiceTest {

  private static final Set<String> READINESS = Set.of("database", "command_processor", "queue_processing");
  private static final Set<String> DETAILED = Set.of("database", "command_processor", "queue_processing",
    "event_system", "step_processing", "circuit_breakers", "template_cache");

  @RegisterExtension
  final WorkerUnderTest workers = WorkerUnderTest.perTest();

  /** Starts a worker and answers its health proxy at the shared address. */
  private Future<HealthService> started(Consumer<org.taskercore.worker.config.ConfigLoader> config,
                                        Consumer<org.taskercore.worker.WorkerBuilder> builder) {
    return workers.start(config, builder).map(w -> {
      return HealthService.createProxy(w.vertx(), HealthService.ADDRESS, 5_000);
    });
  }

  @Test
  @DisplayName("basic, live, ready and detailed answer the same at the shared and the per-worker address")
  void everyMethodAtBothAddresses(VertxTestContext ctx) {
    started(c -> { }, b -> { }).compose(ignored -> {
      List<Future<?>> answers = new ArrayList<>();
      for (String address : List.of(HealthService.ADDRESS, HealthService.addressOf(workers.worker().workerId()))) {
        HealthService health = HealthService.createProxy(workers.worker().vertx(), address, 5_000);
        answers.add(health.basic().onComplete(ctx.succeeding(basic -> ctx.verify(() -> {
          assertEquals("healthy", basic.getStatus());
          assertEquals(workers.worker().workerId(), basic.getWorkerId());
          Instant.parse(basic.getTimestamp());
          assertEquals(Set.of("status", "worker_id", "timestamp"), basic.toJson().fieldNames());
        }))));
        answers.add(health.live().onComplete(ctx.succeeding(live -> ctx.verify(() -> assertEquals("alive", live.getStatus())))));
        answers.add(health.ready().onComplete(ctx.succeeding(ready -> ctx.verify(() -> {
          assertEquals("healthy", ready.getStatus(), ready.toJson().encodePrettily());
          assertEquals(READINESS, ready.getChecks().keySet());
        }))));
        answers.add(health.detailed().onComplete(ctx.succeeding(detailed -> ctx.verify(() -> assertDetailed(detailed)))));
      }
      return Future.all(answers);
    }).onComplete(ctx.succeedingThenComplete());
  }

  private void assertDetailed(DetailedHealth detailed) {
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
    assertEquals(List.of("inventory", "notifications", "payments"), info.getJsonArray("supported_namespaces").getList());
  }

  @Test
  @DisplayName("a check that hangs is unhealthy 'timed out after N ms', answered within its timeout")
  void hangingCheck(VertxTestContext ctx) {
    long[] started = new long[1];
    started(c -> c.set("worker.health.check_timeout_ms", 300), b -> b.healthCheck("downstream", false, promise -> { }))
      .compose(health -> {
        started[0] = System.nanoTime();
        return health.detailed().onComplete(ctx.succeeding(detailed -> ctx.verify(() -> {
          long elapsedMs = (System.nanoTime() - started[0]) / 1_000_000;
          assertThat(elapsedMs).as("answered near the 300 ms check timeout").isLessThan(300 + 1_500);
          assertEquals("degraded", detailed.getStatus());
          assertEquals("unhealthy", detailed.getChecks().get("downstream").getStatus());
          assertEquals("timed out after 300 ms", detailed.getChecks().get("downstream").getMessage());
        }))).compose(v -> health.ready());
      })
      .onComplete(ctx.succeeding(ready -> ctx.verify(() -> {
        assertEquals("healthy", ready.getStatus(), "not a readiness check");
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("a check that throws is unhealthy with the reason; a failing readiness check makes readiness unhealthy")
  void throwingReadinessCheck(VertxTestContext ctx) {
    started(c -> { }, b -> b.healthCheck("broker", true, promise -> {
      throw new IllegalStateException("broker unreachable");
    })).compose(HealthService::ready).onComplete(ctx.succeeding(ready -> ctx.verify(() -> {
      assertEquals("unhealthy", ready.getStatus());
      assertEquals("check failed: broker unreachable", ready.getChecks().get("broker").getMessage());
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("a host check is a vertx-health-check procedure: degraded and its message come through")
  void hostCheckVerdicts(VertxTestContext ctx) {
    started(c -> { }, b -> b
      .healthCheck("queue_broker", false, p -> p.complete(org.taskercore.worker.checks.CheckVerdicts.degraded("2 of 3 brokers up")))
      .healthCheck("plain", true, p -> p.complete(io.vertx.ext.healthchecks.Status.OK())))
      .compose(HealthService::detailed).onComplete(ctx.succeeding(detailed -> ctx.verify(() -> {
        assertEquals("degraded", detailed.getStatus());
        assertEquals("degraded", detailed.getChecks().get("queue_broker").getStatus());
        assertEquals("2 of 3 brokers up", detailed.getChecks().get("queue_broker").getMessage());
        assertEquals("healthy", detailed.getChecks().get("plain").getStatus());
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("within cache_ttl_ms a check's last result is served, marked cached with its age")
  void cachedResults(VertxTestContext ctx) {
    started(c -> c.set("worker.health.cache_ttl_ms", 60_000), b -> { })
      .compose(health -> health.detailed().compose(first -> health.detailed()))
      .onComplete(ctx.succeeding(second -> ctx.verify(() -> {
        assertTrue(second.getChecks().get("template_cache").isCached());
        assertThat(second.getChecks().get("template_cache").getAgeMs()).isGreaterThanOrEqualTo(0);
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("draining: readiness turns unhealthy at once, liveness stays alive")
  void drain(VertxTestContext ctx) {
    Checkpoint stoppedAndChecked = ctx.checkpoint(2);
    started(c -> c.set("worker.health.drain_delay_ms", 2_000).set("worker.health.cache_ttl_ms", 60_000), b -> { })
      .compose(health -> health.ready().onComplete(ctx.succeeding(ready -> ctx.verify(() -> assertEquals("healthy", ready.getStatus()))))
        .compose(v -> {
          Future<Void> stopping = workers.worker().stop();
          // The worker closes its own Vert.x: wait on the stop itself, not on a stage bound to that Vert.x.
          stopping.onComplete(ctx.succeeding(done -> {
            stoppedAndChecked.flag();
          }));
          return health.ready();
        }).onComplete(ctx.succeeding(ready -> ctx.verify(() -> {
          assertEquals("unhealthy", ready.getStatus());
          assertThat(ready.getChecks().get("command_processor").getMessage()).startsWith("draining");
          assertFalse(ready.getChecks().get("command_processor").isCached(), "the drain dropped the cached result");
        }))).compose(r -> health.live()))
      .onComplete(ctx.succeeding(live -> ctx.verify(() -> {
        assertEquals("alive", live.getStatus());
        stoppedAndChecked.flag();
      })));
  }

  @Test
  @DisplayName("step_processing: over 15 % recent errors is unhealthy, and detailed health says degraded")
  void recentErrorRate(VertxTestContext ctx) {
    JsonObject failValidation = new JsonObject().put("fail_steps", new JsonArray().add("validate_order"));
    started(c -> c.set("worker.health.cache_ttl_ms", 0), b -> { }).compose(health -> health.detailed()
      .onComplete(ctx.succeeding(before -> ctx.verify(() ->
        assertThat(before.getChecks().get("step_processing").getMessage()).contains("(0 of 0 steps)"))))
      .compose(v -> workers.worker().tasks().run(TemplateKey.parse("payments/process_payment/1.0.0"), failValidation))
      .compose(v -> health.detailed())
      .onComplete(ctx.succeeding(detailed -> ctx.verify(() -> {
        assertEquals("degraded", detailed.getStatus());
        assertEquals("unhealthy", detailed.getChecks().get("step_processing").getStatus());
        assertThat(detailed.getChecks().get("step_processing").getMessage())
          .startsWith("100.0% errors over the last 60 s (1 of 1 steps)");
      })))
      .compose(v -> health.ready()))
      .onComplete(ctx.succeeding(ready -> ctx.verify(() -> {
        assertEquals("healthy", ready.getStatus(), "the error rate is not a readiness check");
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("database: an unreachable one makes readiness unhealthy, naming it without its password (the real server: DatabaseReadinessTest)")
  void databaseUnreachable(VertxTestContext ctx) throws IOException {
    int port;
    try (ServerSocket gone = new ServerSocket(0)) {
      port = gone.getLocalPort();
    }
    started(c -> c.set("common.database.url", "jdbc:postgresql://svc:secret@127.0.0.1:" + port + "/tasker"), b -> { })
      .compose(HealthService::ready)
      .onComplete(ctx.succeeding(down -> ctx.verify(() -> {
        assertEquals("unhealthy", down.getStatus());
        assertThat(down.getChecks().get("database").getMessage()).startsWith("cannot reach jdbc:postgresql://***@127.0.0.1:" + port + "/tasker");
        assertEquals(10, down.getSystemInfo().getDatabasePoolSize(), "the pool's size, whether or not it is connected");
        assertThat(down.toJson().encode()).doesNotContain("secret");
        ctx.completeNow();
      })));
  }



  @Test
  @DisplayName("a readiness check turning unhealthy is logged once at WARN with its message, its recovery once at INFO")
  void readinessTransitionsLogged(VertxTestContext ctx) {
    java.util.concurrent.atomic.AtomicBoolean up = new java.util.concurrent.atomic.AtomicBoolean(true);
    java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
    java.io.PrintStream saved = System.err;
    System.setErr(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
    started(c -> c.set("worker.health.cache_ttl_ms", 0), b -> b.healthCheck("queue_broker", true, p -> p.complete(up.get()
        ? org.taskercore.worker.checks.CheckVerdicts.healthy("3 brokers")
        : org.taskercore.worker.checks.CheckVerdicts.unhealthy("0 of 3 brokers answer"))))
      .compose(health -> health.ready()
        .compose(v -> {
          up.set(false);
          return health.ready();
        })
        .compose(v -> health.ready())
        .compose(v -> health.ready())
        .compose(v -> {
          up.set(true);
          return health.ready();
        })
        .compose(v -> health.ready()))
      // Log lines are written by an asynchronous appender: wait for the recovery line.
      .compose(v -> org.taskercore.worker.support.Waits.eventually(workers.worker().vertx(), () -> log.toString(java.nio.charset.StandardCharsets.UTF_8)
        .contains("is healthy again"), java.time.Duration.ofSeconds(5), "the recovery line"))
      .onComplete(ar -> {
        System.setErr(saved);
        ctx.verify(() -> {
          assertTrue(ar.succeeded(), String.valueOf(ar.cause()));
          List<String> lines = log.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
            .filter(l -> l.contains("'queue_broker'")).toList();
          assertEquals(2, lines.size(), String.join("\n", lines));
          assertThat(lines.get(0)).contains("[WARN]", "is unhealthy, so the worker is not ready: 0 of 3 brokers answer");
          assertThat(lines.get(1)).contains("[INFO]", "is healthy again: 3 brokers");
        });
        ctx.completeNow();
      });
  }

  @Test
  @DisplayName("no worker at an address: the proxy fails with NO_HANDLERS")
  void unknownWorker(VertxTestContext ctx) {
    started(c -> { }, b -> { })
      .compose(h -> HealthService.createProxy(workers.worker().vertx(), HealthService.addressOf("nobody"), 2_000).basic())
      .onComplete(ctx.failing(failure -> ctx.verify(() -> {
        assertEquals(ReplyFailure.NO_HANDLERS, ((ReplyException) failure).failureType());
        ctx.completeNow();
      })));
  }
}
