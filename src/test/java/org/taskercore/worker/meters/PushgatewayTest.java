package org.taskercore.worker.meters;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.observability.Observability;
import org.taskercore.worker.support.TestSockets;
import org.taskercore.worker.support.Waits;
import org.taskercore.worker.support.TestWorkers;

import java.io.File;
import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(VertxExtension.class)
@DisplayName("Push to a real Pushgateway on 127.0.0.1")
class PushgatewayTest {

  private static final Duration BOUND = Duration.ofSeconds(20);

  static Process pushgateway;
  static int port;
  static WebClient http;

  @BeforeAll
  static void startPushgateway(Vertx vertx, VertxTestContext ctx) throws IOException {
    port = TestSockets.freePort();
    try {
      pushgateway = new ProcessBuilder("prometheus-pushgateway", "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(new File("target/pushgateway.log")).start();
    } catch (IOException e) {
      throw new AssertionError("prometheus-pushgateway is not installed; scripts/test installs it", e);
    }
    http = WebClient.create(vertx);
    Waits.eventuallyAsync(vertx, () -> http.get(port, "127.0.0.1", "/-/ready").send().map(r -> r.statusCode() == 200),
      Duration.ofSeconds(30), "the Pushgateway is ready (see target/pushgateway.log)").onComplete(ctx.succeedingThenComplete());
  }

  @AfterAll
  static void stop() {
    pushgateway.destroy();
  }

  @Test
  @DisplayName("the worker's series arrive grouped by job and worker id; a graceful stop deletes the group")
  void pushes(VertxTestContext ctx) {
    String group = "job=\"tasker-test\"";
    TestWorkers.starting(c -> c.set("metrics.push.enabled", true)
      .set("metrics.push.url", "http://127.0.0.1:" + port).set("metrics.push.interval_seconds", 1)
      .set("metrics.push.job", "tasker-test")).onComplete(ctx.succeeding(worker -> {
        String ours = "worker_id=\"" + worker.workerId() + "\"";
        Waits.eventuallyAsync(worker.vertx(), () -> gateway().map(text -> text.lines().anyMatch(l ->
            l.startsWith("tasker_worker_uptime_seconds{") && l.contains(group) && l.contains(ours))),
            BOUND, "the worker's uptime reached the Pushgateway")
          .compose(v -> gateway())
          .onComplete(ctx.succeeding(text -> {
            ctx.verify(() -> assertThat(text).contains("tasker_worker_steps_total{", "jvm_memory_used_bytes{"));
            // Waited on directly: the worker closes its own Vert.x.
            worker.stop().onComplete(ctx.succeeding(stopped -> gateway().onComplete(ctx.succeeding(after -> ctx.verify(() -> {
              assertThat(after.lines().filter(l -> l.startsWith("tasker_worker_uptime_seconds{") && l.contains(ours)))
                .as("the stopped worker's group was deleted").isEmpty();
              ctx.completeNow();
            })))));
          }));
      }));
  }

  @Test
  @DisplayName("a failed push is counted and retried, and never stops the worker")
  void failedPush(VertxTestContext ctx) throws IOException {
    int closed = TestSockets.freePort();
    TestWorkers.starting(c -> c.set("metrics.push.enabled", true)
      .set("metrics.push.url", "http://127.0.0.1:" + closed).set("metrics.push.interval_seconds", 1))
      .onComplete(ctx.succeeding(worker -> Waits.eventually(worker.vertx(), () -> failures(worker) >= 2, BOUND,
          "two failed pushes, one per interval")
        .compose(v -> Observability.of(worker).healthBasic())
        .onComplete(ctx.succeeding(basic -> {
          ctx.verify(() -> assertEquals("healthy", basic.getStatus()));
          worker.stop().onComplete(ctx.succeedingThenComplete());
        }))));
  }

  private static double failures(TaskerWorker worker) {
    var counter = worker.meterRegistry().find("tasker.metrics.pushes").tag("result", "failure").counter();
    return counter == null ? 0 : counter.count();
  }

  private static Future<String> gateway() {
    return http.get(port, "127.0.0.1", "/metrics").send().map(r -> r.bodyAsString());
  }

}
