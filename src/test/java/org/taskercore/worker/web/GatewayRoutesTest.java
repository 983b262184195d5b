package org.taskercore.worker.web;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.support.TestCluster;
import org.taskercore.worker.support.TestWorkers;
import org.taskercore.worker.support.Waits;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("A gateway's un-prefixed routes answer for the gateway itself, never for a worker the bus picks")
class GatewayRoutesTest {

  static final TestCluster cluster = new TestCluster();
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static TaskerWorker gateway;

  @BeforeAll
  static void start() {
    var loader = TestWorkers.loader().set("worker.web.enabled", true).set("worker.web.bind_address", "127.0.0.1:0");
    cluster.configure(loader);
    gateway = TaskerWorker.gateway().configLoader(loader).startAndWait(Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.stopAndWait(Duration.ofSeconds(30));
    cluster.stopAll().await(30, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("live at once; ready only once it sees a worker; its own metrics; a worker's routes 404 naming where to ask")
  void ownAnswers() throws Exception {
    HttpResponse<String> live = get("/health/live");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(live.body()).getString("status")).isEqualTo("alive");
    assertThat(new JsonObject(live.body()).getString("role")).isEqualTo("gateway");

    HttpResponse<String> alone = get("/health/ready");
    assertThat(alone.statusCode()).as(alone.body()).isEqualTo(503);
    assertThat(new JsonObject(alone.body()).getJsonObject("checks").getJsonObject("cluster").getString("message"))
      .isEqualTo("sees 0 workers, needs 1");

    cluster.starting("behind-gateway", c -> { }).await(60, TimeUnit.SECONDS);
    Waits.await("the gateway ready once a worker is in the directory").atMost(Duration.ofSeconds(20))
      .until(() -> get("/health/ready").statusCode() == 200);
    assertThat(new JsonObject(get("/health/ready").body()).getString("status")).isEqualTo("healthy");

    HttpResponse<String> metrics = get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("tasker_cluster_workers_visible", "jvm_memory_used_bytes")
      .doesNotContain("tasker_worker_info", "tasker_worker_steps_total");

    for (String path : List.of("/health/detailed", "/metrics/worker", "/metrics/events", "/templates",
      "/templates/payments/process_payment/1.0.0", "/config", "/config/environment")) {
      HttpResponse<String> refused = get(path);
      assertThat(refused.statusCode()).as(path).isEqualTo(404);
      JsonObject error = new JsonObject(refused.body());
      assertThat(error.getString("error")).isEqualTo("not_found");
      assertThat(error.getString("message")).contains("gateway", "/workers/{worker_id}" + path, "/cluster/health");
    }
    assertThat(get("/workers/behind-gateway/health/detailed").statusCode()).as("the worker itself, by name").isEqualTo(200);
  }

  @Test
  @DisplayName("the dashboard's files: no-cache with Last-Modified (a 304 while unchanged), never immutable under a fixed name")
  void dashboardFilesRevalidate() throws Exception {
    for (String path : List.of("/ui/dashboard.js", "/ui/dashboard.css", "/api-docs/ui/swagger-ui.css")) {
      HttpResponse<String> file = get(path);
      assertThat(file.statusCode()).as(path).isEqualTo(200);
      assertThat(file.headers().firstValue("Cache-Control")).as(path).hasValue("no-cache");
      String modified = file.headers().firstValue("Last-Modified").orElseThrow();
      HttpResponse<String> again = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort() + path))
        .header("If-Modified-Since", modified).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(again.statusCode()).as(path + " unchanged").isEqualTo(304);
    }
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort() + path))
      .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
