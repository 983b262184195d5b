package org.taskercore.worker.web;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.service.health.HealthService;
import org.taskercore.worker.support.Await;
import org.taskercore.worker.support.ListeningSockets;
import org.taskercore.worker.support.TestWorkers;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("Web deployment: drain, request timeout, and headless mode")
class WebModesTest {

  private TaskerWorker worker;
  private Vertx client;

  @BeforeEach
  void client() {
    client = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    Await.result(client.close());
    if (worker != null) {
      Await.result(worker.stop());
    }
  }

  @Test
  @DisplayName("while draining /health/ready answers 503 with the full body and /health/live stays 200")
  void readinessDuringDrain() {
    worker = TestWorkers.start(c -> c.set("worker.web.enabled", true).set("worker.web.bind_address", "127.0.0.1:0")
      .set("worker.health.drain_delay_ms", 2_000));
    WebClient http = http(worker.httpPort());
    assertEquals(200, Await.result(http.get("/health/ready").send()).statusCode());
    Future<Void> stopping = worker.stop();
    HttpResponse<Buffer> ready = Await.result(http.get("/health/ready").send());
    assertEquals(503, ready.statusCode());
    JsonObject body = ready.bodyAsJsonObject();
    assertEquals("unhealthy", body.getString("status"));
    assertEquals(Set.of("database", "command_processor", "queue_processing"), body.getJsonObject("checks").fieldNames());
    assertThat(body.getJsonObject("system_info").getBoolean("command_processor_active")).isFalse();
    HttpResponse<Buffer> live = Await.result(http.get("/health/live").send());
    assertEquals(200, live.statusCode());
    assertEquals("alive", live.bodyAsJsonObject().getString("status"));
    Await.result(stopping);
    worker = null;
  }

  @Test
  @DisplayName("a bus call that outlives request_timeout_ms answers 504 JSON")
  void requestTimeout() {
    worker = TestWorkers.start(null, c -> c.set("worker.web.enabled", true).set("worker.web.bind_address", "127.0.0.1:0")
      .set("worker.web.request_timeout_ms", 300).set("worker.health.check_timeout_ms", 20_000), b -> b.healthCheck("slow_dependency", false, promise -> { }));
    HttpResponse<Buffer> response = Await.result(http(worker.httpPort()).get("/health/detailed").send());
    assertEquals(504, response.statusCode());
    WebRoutesTest.assertErrorShape(response, 504);
    assertEquals("timeout", response.bodyAsJsonObject().getString("error"));
  }

  @Test
  @DisplayName("headless: web disabled opens no port, and the services still answer on the bus")
  void headless() {
    Set<Integer> before = ListeningSockets.ofThisProcess();
    worker = TestWorkers.start(c -> c.set("worker.web.enabled", false));
    assertThat(ListeningSockets.ofThisProcess()).as("no listening socket was opened").isSubsetOf(before);
    assertEquals(-1, worker.httpPort());
    assertEquals("headless", worker.mode().wireName());
    assertEquals("healthy", Await.result(HealthService.createProxy(worker.vertx(), HealthService.ADDRESS, 5_000).basic()).getStatus());
  }

  @Test
  @DisplayName("a mode that contradicts worker.web.enabled is refused with a ConfigException saying why")
  void contradictoryModes() {
    for (var mode : new org.taskercore.worker.core.WorkerMode[] {org.taskercore.worker.core.WorkerMode.LIBRARY,
        org.taskercore.worker.core.WorkerMode.HEADLESS}) {
      Throwable refused = Await.failure(TaskerWorker.builder().configLoader(TestWorkers.loader().set("worker.web.enabled", true))
        .mode(mode).start());
      assertThat(refused).isInstanceOf(org.taskercore.worker.config.ConfigException.class)
        .hasMessageContaining("mode " + mode.wireName() + " runs no HTTP server, but worker.web.enabled is true");
    }
    Throwable full = Await.failure(TaskerWorker.builder().configLoader(TestWorkers.loader())
      .mode(org.taskercore.worker.core.WorkerMode.FULL).start());
    assertThat(full).isInstanceOf(org.taskercore.worker.config.ConfigException.class)
      .hasMessageContaining("mode full serves HTTP, but worker.web.enabled is false");
    Throwable gateway = Await.failure(TaskerWorker.gateway().configLoader(TestWorkers.loader().set("worker.web.enabled", true)).start());
    assertThat(gateway).hasMessageContaining("mode gateway fronts a cluster, but cluster.enabled is false");
  }

  @Test
  @DisplayName("/cluster/health: every worker reachable but one degraded is 'degraded' (503), not 'unhealthy'")
  void degradedCluster() {
    worker = TestWorkers.start(null, c -> c.set("worker.web.enabled", true).set("worker.web.bind_address", "127.0.0.1:0"),
      b -> b.healthCheck("broker", false, p -> p.complete(org.taskercore.worker.checks.CheckVerdicts.degraded("slow"))));
    io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> response =
      Await.result(http(worker.httpPort()).get("/cluster/health").send());
    assertEquals(503, response.statusCode());
    assertEquals("degraded", response.bodyAsJsonObject().getString("status"), response.bodyAsString());
    assertEquals(0, response.bodyAsJsonObject().getInteger("unreachable"));
  }

  @Test
  @DisplayName("full mode listens where bind_address says (the check of the socket table sees it)")
  void fullModeListens() {
    worker = TestWorkers.start(c -> c.set("worker.web.enabled", true).set("worker.web.bind_address", "127.0.0.1:0"));
    assertThat(ListeningSockets.ofThisProcess()).contains(worker.httpPort());
    assertEquals("full", worker.mode().wireName());
  }

  @Test
  @DisplayName("a busy port fails the start with the cause, promptly, and leaves nothing deployed on a host's Vert.x")
  void busyPort() throws java.io.IOException {
    try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 10, java.net.InetAddress.getByName("127.0.0.1"))) {
      String bind = "127.0.0.1:" + busy.getLocalPort();
      Throwable owned = Await.failure(org.taskercore.worker.TaskerWorker.builder().configLoader(TestWorkers.loader()
        .set("worker.web.enabled", true).set("worker.web.bind_address", bind)).start());
      assertThat(owned).isInstanceOf(java.net.BindException.class);

      Throwable hosted = Await.failure(org.taskercore.worker.TaskerWorker.builder().vertx(client).configLoader(TestWorkers.loader()
        .set("worker.web.enabled", true).set("worker.web.bind_address", bind)).start());
      assertThat(hosted).isInstanceOf(java.net.BindException.class);
      assertThat(client.deploymentIDs()).as("the half-started worker was rolled back").isEmpty();
    }
  }

  private WebClient http(int port) {
    return WebClient.create(client, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port).setIdleTimeout(20));
  }
}
