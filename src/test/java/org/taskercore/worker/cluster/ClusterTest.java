package org.taskercore.worker.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.observability.Observability;
import org.taskercore.worker.service.health.HealthService;
import org.taskercore.worker.support.Await;
import org.taskercore.worker.support.Promtool;
import org.taskercore.worker.support.TestCluster;
import org.taskercore.worker.templates.TemplateKey;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Three clustered workers on 127.0.0.1, one of them a separate process that is killed")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {

  static final TestCluster cluster = new TestCluster();
  static TaskerWorker alpha;
  static TaskerWorker beta;
  static Process victim;
  static Vertx client;
  static WebClient http;

  @BeforeAll
  static void start() throws Exception {
    alpha = cluster.start("alpha", c -> c.set("worker.web.enabled", true).set("worker.web.bind_address", "127.0.0.1:0"));
    beta = cluster.start("beta", c -> c.set("worker.namespaces", new JsonArray().add("inventory")));
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-Xmx256m", "-cp", System.getProperty("java.class.path"), "org.taskercore.worker.cli.Main", "run"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
      .redirectOutput(new File("target/cluster-victim.log"));
    builder.environment().putAll(cluster.environment());
    builder.environment().put("TASKER_ENV", "test");
    builder.environment().put("TASKER__WORKER__WORKER_ID", "victim");
    builder.environment().put("TASKER__WORKER__WEB__ENABLED", "false");
    builder.environment().put("TASKER__WORKER__NAMESPACES", "[\"payments\"]");
    victim = builder.start();
    Await.until(() -> liveIds().contains("victim"), Duration.ofSeconds(90), "the victim process joined (see target/cluster-victim.log)");
    client = Vertx.vertx();
    http = WebClient.create(client, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(alpha.httpPort())
      .setIdleTimeout(30));
  }

  @AfterAll
  static void stop() {
    if (victim != null) {
      victim.destroyForcibly();
    }
    if (client != null) {
      Await.result(client.close());
    }
    cluster.stopAll();
  }

  @Test
  @Order(1)
  @DisplayName("per-worker addresses answer from the right worker; the shared address from any of them")
  void addresses() {
    for (String id : List.of("alpha", "beta", "victim")) {
      assertEquals(id, Await.result(HealthService.createProxy(alpha.vertx(), HealthService.addressOf(id), 5_000).basic()).getWorkerId());
      assertEquals(id, Await.result(Observability.forWorker(beta.vertx(), id, Duration.ofSeconds(5)).healthBasic()).getWorkerId());
    }
    Set<String> answered = new HashSet<>();
    for (int i = 0; i < 12; i++) {
      answered.add(Await.result(HealthService.createProxy(beta.vertx(), HealthService.ADDRESS, 5_000).basic()).getWorkerId());
    }
    assertThat(answered).isSubsetOf("alpha", "beta", "victim").hasSizeGreaterThan(1);
  }

  @Test
  @Order(2)
  @DisplayName("the directory lists all three, over HTTP too, with their namespaces and modes")
  void directory() {
    JsonObject workers = Await.result(http.get("/cluster/workers").send()).bodyAsJsonObject();
    assertEquals(3, workers.getInteger("count"));
    JsonObject victimEntry = entry(workers.getJsonArray("workers"), "victim");
    assertEquals(List.of("payments"), victimEntry.getJsonArray("namespaces").getList());
    assertEquals("headless", victimEntry.getString("mode"));
    assertEquals("full", entry(workers.getJsonArray("workers"), "alpha").getString("mode"));
    assertThat(entry(workers.getJsonArray("workers"), "alpha").getString("web_address")).startsWith("127.0.0.1:");
  }

  @Test
  @Order(3)
  @DisplayName("aggregation: cluster health of all three, cluster metrics labelled by worker, per-worker HTTP mirrors")
  void aggregation() {
    // Right after joining, Hazelcast migrates partitions and its cluster check says degraded until done.
    Await.until(() -> "healthy".equals(Await.result(http.get("/cluster/health").send()).bodyAsJsonObject().getString("status")),
      Duration.ofSeconds(30), "the cluster settled (partitions migrated)");
    HttpResponse<Buffer> health = Await.result(http.get("/cluster/health").send());
    JsonObject body = health.bodyAsJsonObject();
    assertEquals(3, body.getInteger("total"), body.encodePrettily());
    assertEquals(3, body.getInteger("healthy"), body.encodePrettily());
    assertEquals(200, health.statusCode());
    assertEquals("healthy", body.getString("status"));

    String metrics = Await.result(http.get("/cluster/metrics").send()).bodyAsString();
    for (String id : List.of("alpha", "beta", "victim")) {
      assertThat(metrics).contains("tasker_cluster_worker_up{worker_id=\"" + id + "\"} 1");
      assertThat(metrics).contains("tasker_worker_uptime_seconds{worker_id=\"" + id + "\"}");
    }
    assertEquals(1, metrics.lines().filter(l -> l.equals("# TYPE tasker_worker_steps_total counter")).count(),
      "one TYPE line per family, whatever the number of workers");
    Promtool.assertOnlyKnownFindings(metrics);

    JsonObject fromLibrary = Await.result(beta.cluster().health());
    assertEquals(3, fromLibrary.getInteger("healthy"), "the same view in library form, from a node without HTTP");
    assertEquals(3, Await.result(beta.cluster().workers()).getInteger("count"));

    JsonObject victimHealth = Await.result(http.get("/workers/victim/health/detailed").send()).bodyAsJsonObject();
    assertEquals("victim", victimHealth.getString("worker_id"));
    assertTrue(victimHealth.getJsonObject("checks").containsKey("cluster"));
    assertEquals(404, Await.result(http.get("/workers/nobody/health").send()).statusCode());
  }

  @Test
  @Order(4)
  @DisplayName("a task submitted on one node runs each step on a worker that serves its namespace")
  void tasksSpreadByNamespace() {
    JsonObject payment = Await.result(beta.tasks().run(TemplateKey.parse("payments/process_payment/1.0.0"), new JsonObject()));
    assertEquals("complete", payment.getString("status"), payment.encodePrettily());
    payment.getJsonArray("steps").forEach(s -> assertThat(((JsonObject) s).getString("worker_id")).isIn("alpha", "victim"));
    JsonObject order = Await.result(alpha.tasks().run(TemplateKey.parse("inventory/fulfil_order/1.0.0"), new JsonObject()));
    assertEquals("complete", order.getString("status"));
    order.getJsonArray("steps").forEach(s -> assertThat(((JsonObject) s).getString("worker_id")).isIn("alpha", "beta"));
  }

  @Test
  @Order(5)
  @DisplayName("a node killed abruptly is unreachable within its timeout plus 2 s, leaves the directory, and the rest answer")
  void killedNode() {
    victim.destroyForcibly(); // SIGKILL: no leave, no drain
    long killed = System.nanoTime();
    JsonObject seen = null;
    while (seen == null) {
      JsonObject health = Await.result(http.get("/cluster/health").send()).bodyAsJsonObject();
      JsonObject entry = entry(health.getJsonArray("workers"), "victim");
      if (entry != null && !entry.getBoolean("reachable")) {
        seen = health;
      } else if (entry == null) {
        throw new AssertionError("the victim vanished without being reported unreachable: " + health.encodePrettily());
      }
    }
    long elapsedMs = (System.nanoTime() - killed) / 1_000_000;
    assertThat(elapsedMs).as("reported within query_timeout_ms (2000) + 2000").isLessThan(4_000);
    assertEquals("unhealthy", seen.getString("status"), "an unreachable worker makes the cluster unhealthy");
    assertEquals(1, seen.getInteger("unreachable"));
    assertThat(entry(seen.getJsonArray("workers"), "victim").getString("error")).isNotBlank();

    Await.until(() -> !liveIds().contains("victim"), Duration.ofSeconds(10), "the victim left the directory");
    HttpResponse<Buffer> after = Await.result(http.get("/cluster/health").send());
    assertEquals(503, after.statusCode(), "a departed worker keeps the cluster not-healthy during its grace period");
    assertEquals(2, Await.result(http.get("/cluster/workers").send()).bodyAsJsonObject().getInteger("count"));
    for (String id : List.of("alpha", "beta")) {
      assertEquals(id, Await.result(HealthService.createProxy(alpha.vertx(), HealthService.addressOf(id), 5_000).basic()).getWorkerId());
    }
  }

  @Test
  @Order(6)
  @DisplayName("a worker stopped gracefully leaves the directory at once and is not reported unreachable")
  void gracefulLeave() {
    Await.result(beta.stop());
    assertThat(liveIds()).doesNotContain("beta");
    JsonObject health = Await.result(http.get("/cluster/health").send()).bodyAsJsonObject();
    assertThat(entry(health.getJsonArray("workers"), "beta")).as("a clean exit is not a failure").isNull();
  }

  static Set<String> liveIds() {
    Set<String> ids = new HashSet<>();
    Await.result(alpha.directory().live()).forEach(w -> ids.add(w.getString("worker_id")));
    return ids;
  }

  static JsonObject entry(JsonArray workers, String id) {
    return workers.stream().map(JsonObject.class::cast).filter(w -> id.equals(w.getString("worker_id"))).findFirst().orElse(null);
  }
}
