package org.taskercore.worker.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import io.vertx.junit5.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.config.ConfigException;
import org.taskercore.worker.observability.Observability;
import org.taskercore.worker.service.health.BasicHealth;
import org.taskercore.worker.service.health.HealthService;
import org.taskercore.worker.support.Waits;
import org.taskercore.worker.support.Http;
import org.taskercore.worker.support.Promtool;
import org.taskercore.worker.support.TestCluster;
import org.taskercore.worker.support.WorkerProcess;
import org.taskercore.worker.tasks.TemplateKey;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@DisplayName("Three clustered workers on 127.0.0.1, one of them a separate process that is killed")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {

  static final TestCluster cluster = new TestCluster();
  /** Alpha's bound on a named worker's answer: long enough that a node's departure is seen well within it. */
  static final long QUERY_TIMEOUT_MS = 4_000;
  static TaskerWorker alpha;
  static TaskerWorker beta;
  static Process victim;
  static Vertx client;
  static WebClient http;

  @BeforeAll
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS) // a separate JVM joins the cluster
  static void start(Vertx vertx, VertxTestContext ctx) throws Exception {
    client = vertx;
    Map<String, String> env = new HashMap<>(cluster.environment());
    env.put("TASKER__WORKER__WORKER_ID", "victim");
    env.put("TASKER__WORKER__WEB__ENABLED", "false");
    env.put("TASKER__WORKER__NAMESPACES", "[\"payments\"]");
    cluster.starting("alpha", c -> c.set("worker.web.enabled", true).set("worker.web.bind_address", "127.0.0.1:0")
        .set("cluster.query_timeout_ms", QUERY_TIMEOUT_MS))
      .compose(a -> {
        alpha = a;
        return cluster.starting("beta", c -> c.set("worker.namespaces", new JsonArray().add("inventory")));
      })
      .compose(b -> {
        beta = b;
        http = WebClient.create(client, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(alpha.httpPort())
          .setIdleTimeout(30));
        try {
          victim = WorkerProcess.start(env, new File("target/cluster-victim.log"), "run");
        } catch (IOException e) {
          return Future.failedFuture(e);
        }
        return Waits.eventuallyAsync(client, () -> liveIds().map(ids -> ids.contains("victim")), Duration.ofSeconds(90),
          "the victim process joined (see target/cluster-victim.log)");
      })
      .onComplete(ctx.succeedingThenComplete());
  }

  @AfterAll
  static void stop(VertxTestContext ctx) {
    if (victim != null) {
      victim.destroyForcibly();
    }
    cluster.stopAll().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @Order(1)
  @DisplayName("per-worker addresses answer from the right worker; the shared address from any of them")
  void addresses(VertxTestContext ctx) {
    List<Future<?>> answers = new ArrayList<>();
    for (String id : List.of("alpha", "beta", "victim")) {
      answers.add(HealthService.createProxy(alpha.vertx(), HealthService.addressOf(id), 5_000).basic()
        .onComplete(ctx.succeeding(basic -> ctx.verify(() -> assertEquals(id, basic.getWorkerId())))));
      answers.add(Observability.forWorker(beta.vertx(), id, Duration.ofSeconds(5)).healthBasic()
        .onComplete(ctx.succeeding(basic -> ctx.verify(() -> assertEquals(id, basic.getWorkerId())))));
    }
    List<Future<BasicHealth>> shared = new ArrayList<>();
    Future<?> inTurn = Future.succeededFuture();
    for (int i = 0; i < 12; i++) {
      inTurn = inTurn.compose(v -> {
        Future<BasicHealth> basic = HealthService.createProxy(beta.vertx(), HealthService.ADDRESS, 5_000).basic();
        shared.add(basic);
        return basic;
      });
    }
    answers.add(inTurn);
    Future.all(answers).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
      Set<String> answered = new HashSet<>();
      shared.forEach(b -> answered.add(b.result().getWorkerId()));
      assertThat(answered).isSubsetOf("alpha", "beta", "victim").hasSizeGreaterThan(1);
      ctx.completeNow();
    })));
  }

  @Test
  @Order(2)
  @DisplayName("the directory lists all three, over HTTP too, with their namespaces and modes")
  void directory(VertxTestContext ctx) {
    http.get("/cluster/workers").send().onComplete(ctx.succeeding(response -> ctx.verify(() -> {
      JsonObject workers = response.bodyAsJsonObject();
      assertEquals(3, workers.getInteger("count"));
      JsonObject victimEntry = entry(workers.getJsonArray("workers"), "victim");
      assertEquals(List.of("payments"), victimEntry.getJsonArray("namespaces").getList());
      assertEquals("headless", victimEntry.getString("mode"));
      assertEquals("full", entry(workers.getJsonArray("workers"), "alpha").getString("mode"));
      assertThat(entry(workers.getJsonArray("workers"), "alpha").getString("web_address")).startsWith("127.0.0.1:");
      ctx.completeNow();
    })));
  }

  @Test
  @Order(3)
  @DisplayName("aggregation: cluster health of all three, cluster metrics labelled by worker, per-worker HTTP mirrors")
  void aggregation(VertxTestContext ctx) {
    // Right after joining, Hazelcast migrates partitions and its cluster check says degraded until done.
    Waits.eventuallyAsync(client, () -> http.get("/cluster/health").send()
        .map(r -> "healthy".equals(r.bodyAsJsonObject().getString("status"))),
        Duration.ofSeconds(30), "the cluster settled (partitions migrated)")
      .compose(v -> Http.all(List.of(http.get("/cluster/health"), http.get("/cluster/metrics"),
        http.get("/workers/victim/health/detailed"), http.get("/workers/nobody/health"))))
      .compose(r -> client.executeBlocking(() -> { // promtool is a process: off the event loop
        JsonObject body = r.get(0).bodyAsJsonObject();
        assertEquals(3, body.getInteger("total"), body.encodePrettily());
        assertEquals(3, body.getInteger("healthy"), body.encodePrettily());
        assertEquals(200, r.get(0).statusCode());
        assertEquals("healthy", body.getString("status"));
        String metrics = r.get(1).bodyAsString();
        for (String id : List.of("alpha", "beta", "victim")) {
          assertThat(metrics).contains("tasker_cluster_worker_up{worker_id=\"" + id + "\"} 1");
          assertThat(metrics).contains("tasker_worker_uptime_seconds{worker_id=\"" + id + "\"}");
        }
        assertEquals(1, metrics.lines().filter(l -> l.equals("# TYPE tasker_worker_steps_total counter")).count(),
          "one TYPE line per family, whatever the number of workers");
        Promtool.assertOnlyKnownFindings(metrics);
        JsonObject victimHealth = r.get(2).bodyAsJsonObject();
        assertEquals("victim", victimHealth.getString("worker_id"));
        assertTrue(victimHealth.getJsonObject("checks").containsKey("cluster"));
        assertEquals(404, r.get(3).statusCode());
        return null;
      }))
      .compose(v -> beta.cluster().health())
      .onComplete(ctx.succeeding(fromLibrary -> ctx.verify(() ->
        assertEquals(3, fromLibrary.getInteger("healthy"), "the same view in library form, from a node without HTTP"))))
      .compose(v -> beta.cluster().workers())
      .onComplete(ctx.succeeding(workers -> ctx.verify(() -> {
        assertEquals(3, workers.getInteger("count"));
        ctx.completeNow();
      })));
  }

  @Test
  @Order(4)
  @DisplayName("a task submitted on one node runs each step on a worker that serves its namespace")
  void tasksSpreadByNamespace(VertxTestContext ctx) {
    beta.tasks().run(TemplateKey.parse("payments/process_payment/1.0.0"), new JsonObject())
      .onComplete(ctx.succeeding(payment -> ctx.verify(() -> {
        assertEquals("complete", payment.getString("status"), payment.encodePrettily());
        payment.getJsonArray("steps").forEach(s -> assertThat(((JsonObject) s).getString("worker_id")).isIn("alpha", "victim"));
      })))
      .compose(v -> alpha.tasks().run(TemplateKey.parse("inventory/fulfil_order/1.0.0"), new JsonObject()))
      .onComplete(ctx.succeeding(order -> ctx.verify(() -> {
        assertEquals("complete", order.getString("status"));
        order.getJsonArray("steps").forEach(s -> assertThat(((JsonObject) s).getString("worker_id")).isIn("alpha", "beta"));
        ctx.completeNow();
      })));
  }

  @Test
  @Order(5)
  @DisplayName("a node killed abruptly is unreachable within its timeout plus 2 s, leaves the directory, and the rest answer")
  void killedNode(VertxTestContext ctx) throws Exception {
    signal("STOP"); // frozen: the node stays a member, its worker answers nothing
    long frozen = System.nanoTime();
    long[] killedAt = new long[1];
    http.get("/workers/victim/health").send()
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        long ms = (System.nanoTime() - frozen) / 1_000_000;
        Http.assertErrorShape(r, 504);
        assertThat(ms).as("a frozen worker's query fails within query_timeout_ms + 1 s").isLessThan(QUERY_TIMEOUT_MS + 1_000);
      })))
      .compose(v -> {
        Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>> inFlight =
          http.get("/workers/victim/health/detailed").send();
        return client.executeBlocking(() -> {
          victim.destroyForcibly().waitFor(); // SIGKILL while the call waits
          killedAt[0] = System.nanoTime();
          return null;
        }).compose(k -> inFlight);
      })
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        long ms = (System.nanoTime() - killedAt[0]) / 1_000_000;
        Http.assertErrorShape(r, 503);
        assertThat(r.bodyAsJsonObject().getString("message")).contains("worker 'victim' left the cluster");
        assertThat(ms).as("failed when the node left, not at the query timeout").isLessThan(QUERY_TIMEOUT_MS);
      })))
      .onComplete(ctx.succeeding(v -> reportedUnreachable(ctx, killedAt[0])));
  }

  private void reportedUnreachable(VertxTestContext ctx, long killed) {
    JsonObject[] seen = new JsonObject[1];
    Waits.eventuallyAsync(client, () -> http.get("/cluster/health").send().map(r -> {
        JsonObject health = r.bodyAsJsonObject();
        JsonObject entry = entry(health.getJsonArray("workers"), "victim");
        if (entry == null) {
          ctx.failNow(new AssertionError("the victim vanished without being reported unreachable: " + health.encodePrettily()));
        }
        seen[0] = health;
        return entry != null && !entry.getBoolean("reachable");
      }), Duration.ofSeconds(10), "the victim reported unreachable")
      .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
        long elapsedMs = (System.nanoTime() - killed) / 1_000_000;
        assertThat(elapsedMs).as("reported within query_timeout_ms + 1 s").isLessThan(QUERY_TIMEOUT_MS + 1_000);
        assertEquals("unhealthy", seen[0].getString("status"), "an unreachable worker makes the cluster unhealthy");
        assertEquals(1, seen[0].getInteger("unreachable"));
        assertThat(entry(seen[0].getJsonArray("workers"), "victim").getString("error")).isNotBlank();
      })))
      .compose(v -> Waits.eventuallyAsync(client, () -> liveIds().map(ids -> !ids.contains("victim")),
        Duration.ofSeconds(10), "the victim left the directory"))
      .compose(v -> Http.all(List.of(http.get("/cluster/health"), http.get("/cluster/workers"))))
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        assertEquals(503, r.get(0).statusCode(), "a departed worker keeps the cluster not-healthy during its grace period");
        assertEquals(2, r.get(1).bodyAsJsonObject().getInteger("count"));
      })))
      .compose(v -> Future.all(List.of("alpha", "beta").stream().map(id ->
        HealthService.createProxy(alpha.vertx(), HealthService.addressOf(id), 5_000).basic()
          .onComplete(ctx.succeeding(basic -> ctx.verify(() -> assertEquals(id, basic.getWorkerId()))))).toList()))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @Order(6)
  @DisplayName("a worker stopped gracefully leaves the directory at once and is not reported unreachable")
  void gracefulLeave(VertxTestContext ctx) {
    // Waited on directly: beta closes its own Vert.x.
    beta.stop().onComplete(ctx.succeeding(stopped -> liveIds()
      .onComplete(ctx.succeeding(ids -> ctx.verify(() -> assertThat(ids).doesNotContain("beta"))))
      .compose(v -> http.get("/cluster/health").send())
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        assertThat(entry(r.bodyAsJsonObject().getJsonArray("workers"), "beta")).as("a clean exit is not a failure").isNull();
        ctx.completeNow();
      })))));
  }

  @Test
  @Order(7)
  @DisplayName("a second worker with a live worker's id is refused, naming id and node; a departed worker's id may be reused")
  void duplicateIds(VertxTestContext ctx) {
    alpha.directory().nodeOf("alpha")
      .compose(alphaNode -> cluster.starting("alpha", c -> { }).onComplete(ctx.failing(refused -> ctx.verify(() ->
        assertThat(refused).isInstanceOf(ConfigException.class)
          .hasMessageContaining("worker id 'alpha' is already taken by node " + alphaNode)))))
      .recover(v -> cluster.starting("victim", c -> { })) // killed earlier: its claim is taken over
      .compose(reused -> cluster.starting("beta", c -> { })) // stopped gracefully: its claim was given back
      .compose(again -> HealthService.createProxy(alpha.vertx(), HealthService.addressOf("victim"), 5_000).basic())
      .onComplete(ctx.succeeding(basic -> ctx.verify(() -> {
        assertEquals("victim", basic.getWorkerId());
        ctx.completeNow();
      })));
  }

  /** Sends a signal to the victim process (STOP freezes it, as a stalled VM would be). */
  private static void signal(String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(victim.pid())).start();
    assertEquals(0, kill.waitFor(), "kill -" + name);
    if (name.equals("STOP")) { // kill returns once the signal is sent; wait until every thread has stopped
      Waits.await("every thread of the victim stopped").atMost(Duration.ofSeconds(10)).until(ClusterTest::victimStopped);
    }
  }

  /** True when each thread of the victim is in state T (stopped), read from /proc. */
  private static boolean victimStopped() {
    try (var threads = java.nio.file.Files.list(java.nio.file.Path.of("/proc", String.valueOf(victim.pid()), "task"))) {
      return threads.allMatch(task -> {
        try {
          String stat = java.nio.file.Files.readString(task.resolve("stat"));
          return stat.substring(stat.lastIndexOf(')') + 2).startsWith("T");
        } catch (IOException gone) {
          return true; // a thread that ended runs nothing
        }
      });
    } catch (IOException e) {
      return false;
    }
  }

  static Future<Set<String>> liveIds() {
    return alpha.directory().live().map(live -> {
      Set<String> ids = new HashSet<>();
      live.forEach(w -> ids.add(w.getString("worker_id")));
      return ids;
    });
  }

  static JsonObject entry(JsonArray workers, String id) {
    return workers.stream().map(JsonObject.class::cast).filter(w -> id.equals(w.getString("worker_id"))).findFirst().orElse(null);
  }
}
