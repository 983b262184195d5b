package org.taskercore.worker.database;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.support.Waits;
import org.taskercore.worker.support.TestDatabase;
import org.taskercore.worker.support.TestSockets;
import org.taskercore.worker.support.TestWorkers;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness follows the database: a server that is away at start-up, one that stops, one that
 * accepts connections and never answers, and each coming back, all without restarting the worker.
 * The server is this test's own, so stopping it disturbs no other test.
 */
@DisplayName("Readiness follows the database: away at start-up, stopped, silent, and back, without a restart")
class DatabaseReadinessTest {

  static final String FAST_ONLY = "inventory/fulfil_order/1.0.0";
  static final String WITH_DURABLE = "notifications/send_notification/1.0.0";
  static final Duration CHECK_TIMEOUT = Duration.ofMillis(1000);
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static TestDatabase.Server server;

  @BeforeAll
  static void startServer() {
    server = TestDatabase.dedicated();
  }

  @AfterAll
  static void resumeServer() throws Exception {
    server.resume(); // harmless when it runs; its files go when the JVM exits
  }

  @Test
  @DisplayName("away at start-up: the worker starts not ready and becomes ready when the server answers; stopped and silent: not ready within the check's bound, everything else still answers")
  void followsTheDatabase() throws Exception {
    server.pause();
    TaskerWorker worker = TestWorkers.start(c -> c.set("common.database.url", server.url())
      .set("common.database.connect_timeout_ms", 1000)
      .set("worker.health.check_timeout_ms", CHECK_TIMEOUT.toMillis()).set("worker.health.cache_ttl_ms", 500)
      .set("worker.web.enabled", true).set("worker.web.bind_address", "127.0.0.1:0"));
    try {
      assertThat(ready(worker)).as("not ready while the server is away").isEqualTo(503);
      assertThat(databaseMessage(worker)).contains("cannot reach").doesNotContain(password());
      assertThat(get(worker, "/health/live").statusCode()).isEqualTo(200);

      server.resume();
      Waits.await("ready once the server answers (retried with backoff)").atMost(Duration.ofSeconds(40))
        .until(() -> ready(worker) == 200);
      assertThat(databaseMessage(worker)).startsWith("SELECT 1 in").contains("pool ");
      assertThat(run(worker, WITH_DURABLE).getString("status")).isEqualTo("complete");

      server.pause();
      awaitNotReady(worker, "the server stopped");
      everythingElseAnswers(worker);
      JsonObject refused = run(worker, WITH_DURABLE);
      assertThat(refused.toString()).as("a clear step error, never a silent drop").contains("durable events not stored");
      server.resume();
      Waits.await("ready again after the server returns").atMost(Duration.ofSeconds(20)).until(() -> ready(worker) == 200);
      assertThat(run(worker, WITH_DURABLE).getString("status")).isEqualTo("complete");

      server.freeze();
      try {
        awaitNotReady(worker, "the server accepts and never answers");
        everythingElseAnswers(worker);
      } finally {
        server.thaw();
      }
      Waits.await("ready again after the server answers again").atMost(Duration.ofSeconds(30))
        .until(() -> ready(worker) == 200);
    } finally {
      worker.stopAndWait(Duration.ofSeconds(30));
    }
  }

  @Test
  @DisplayName("a port that accepts and never answers at start-up: the worker starts, not ready, saying why")
  void silentAtStartUp() throws Exception {
    List<Socket> held = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            held.add(silent.accept());
          }
        } catch (java.io.IOException closed) {
          // the test is over
        }
      });
      acceptor.start();
      long started = System.nanoTime();
      TaskerWorker worker = TestWorkers.start(c -> c.set("common.database.url",
          "postgresql://tasker:hush-hush-secret@127.0.0.1:" + silent.getLocalPort() + "/tasker")
        .set("common.database.connect_timeout_ms", 1000)
        .set("worker.web.enabled", true).set("worker.web.bind_address", "127.0.0.1:0"));
      try {
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("start-up is not held up for long").isLessThan(Duration.ofSeconds(15));
        assertThat(ready(worker)).isEqualTo(503);
        assertThat(databaseMessage(worker)).contains("cannot reach").doesNotContain("hush-hush-secret");
        everythingElseAnswers(worker);
      } finally {
        worker.stopAndWait(Duration.ofSeconds(30));
      }
    } finally {
      held.forEach(TestSockets::close);
    }
  }

  private static void awaitNotReady(TaskerWorker worker, String why) {
    long from = System.nanoTime();
    // The check runs every cache_ttl_ms, each bounded by check_timeout_ms: two rounds and a margin.
    Waits.await("not ready: " + why).atMost(CHECK_TIMEOUT.multipliedBy(2).plusMillis(1500))
      .until(() -> ready(worker) == 503);
    System.out.println("database: not ready " + (System.nanoTime() - from) / 1_000_000 + " ms after: " + why);
  }

  /** Liveness, the other services and steps without durable events carry on. */
  private static void everythingElseAnswers(TaskerWorker worker) throws Exception {
    assertThat(get(worker, "/health/live").statusCode()).isEqualTo(200);
    assertThat(get(worker, "/templates").statusCode()).isEqualTo(200);
    assertThat(get(worker, "/metrics").statusCode()).isEqualTo(200);
    assertThat(run(worker, FAST_ONLY).getString("status")).isEqualTo("complete");
  }

  private static JsonObject run(TaskerWorker worker, String template) {
    return worker.runTaskAndWait(template, new JsonObject(), Duration.ofSeconds(30));
  }

  private static int ready(TaskerWorker worker) {
    try {
      return get(worker, "/health/ready").statusCode();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String databaseMessage(TaskerWorker worker) throws Exception {
    return new JsonObject(get(worker, "/health/detailed").body()).getJsonObject("checks").getJsonObject("database").getString("message");
  }

  private static HttpResponse<String> get(TaskerWorker worker, String path) throws Exception {
    // Every answer within the check's bound and a margin: the database never holds one up.
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + worker.httpPort() + path))
      .timeout(CHECK_TIMEOUT.plusSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String password() {
    return URI.create(server.url()).getUserInfo().split(":", 2)[1];
  }
}
