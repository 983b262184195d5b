package org.taskercore.worker.meters;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.support.Await;
import org.taskercore.worker.support.TestWorkers;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("Push to a real Pushgateway on 127.0.0.1")
class PushgatewayTest {

  static Process pushgateway;
  static int port;
  static Vertx client;
  static WebClient http;

  @BeforeAll
  static void startPushgateway() throws IOException {
    port = freePort();
    try {
      pushgateway = new ProcessBuilder("prometheus-pushgateway", "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(new File("target/pushgateway.log")).start();
    } catch (IOException e) {
      throw new AssertionError("prometheus-pushgateway is not installed; scripts/test installs it", e);
    }
    client = Vertx.vertx();
    http = WebClient.create(client);
    Await.until(() -> {
      try {
        return Await.result(http.get(port, "127.0.0.1", "/-/ready").send()).statusCode() == 200;
      } catch (RuntimeException notYet) {
        return false;
      }
    }, Duration.ofSeconds(30), "the Pushgateway is ready (see target/pushgateway.log)");
  }

  @AfterAll
  static void stop() {
    Await.result(client.close());
    pushgateway.destroy();
  }

  @Test
  @DisplayName("the worker's series arrive grouped by job and worker id; a graceful stop deletes the group")
  void pushes() {
    TaskerWorker worker = TestWorkers.start(c -> c.set("metrics.push.enabled", true)
      .set("metrics.push.url", "http://127.0.0.1:" + port).set("metrics.push.interval_seconds", 1)
      .set("metrics.push.job", "tasker-test"));
    String group = "job=\"tasker-test\"";
    String ours = "worker_id=\"" + worker.workerId() + "\"";
    Await.until(() -> gateway().lines().anyMatch(l -> l.startsWith("tasker_worker_uptime_seconds{") && l.contains(group)
      && l.contains(ours)), Duration.ofSeconds(20), "the worker's uptime reached the Pushgateway");
    assertThat(gateway()).contains("tasker_worker_steps_total{", "jvm_memory_used_bytes{");
    Await.result(worker.stop());
    assertThat(gateway().lines().filter(l -> l.startsWith("tasker_worker_uptime_seconds{") && l.contains(ours)))
      .as("the stopped worker's group was deleted").isEmpty();
  }

  @Test
  @DisplayName("a failed push is counted and retried, and never stops the worker")
  void failedPush() throws IOException {
    int closed = freePort();
    TaskerWorker worker = TestWorkers.start(c -> c.set("metrics.push.enabled", true)
      .set("metrics.push.url", "http://127.0.0.1:" + closed).set("metrics.push.interval_seconds", 1));
    try {
      Await.until(() -> failures(worker) >= 2, Duration.ofSeconds(20), "two failed pushes, one per interval");
      assertEquals("healthy", Await.result(org.taskercore.worker.observability.Observability.of(worker).healthBasic()).getStatus());
    } finally {
      Await.result(worker.stop());
    }
  }

  private static double failures(TaskerWorker worker) {
    var counter = worker.meterRegistry().find("tasker.metrics.pushes").tag("result", "failure").counter();
    return counter == null ? 0 : counter.count();
  }

  private static String gateway() {
    return Await.result(http.get(port, "127.0.0.1", "/metrics").send()).bodyAsString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
