package org.taskercore.worker.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.WorkerBuilder;
import org.taskercore.worker.checks.CheckVerdicts;
import org.taskercore.worker.config.ConfigException;
import org.taskercore.worker.config.ConfigLoader;
import org.taskercore.worker.lifecycle.WorkerMode;
import org.taskercore.worker.service.health.HealthService;
import org.taskercore.worker.support.Waits;
import org.taskercore.worker.support.Http;
import org.taskercore.worker.support.ListeningSockets;
import org.taskercore.worker.support.TestWorkers;
import org.taskercore.worker.support.WorkerUnderTest;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(VertxExtension.class)
@DisplayName("Web deployment: drain, request timeout, modes")
class WebModesTest {

  @RegisterExtension
  final WorkerUnderTest workers = WorkerUnderTest.perTest();

  /** A full worker on a free port, and a client of it on the test's Vert.x. */
  private Future<WebClient> fullWorker(Vertx client, Consumer<ConfigLoader> config, Consumer<WorkerBuilder> builder) {
    return workers.start(c -> {
      c.set("worker.web.enabled", true).set("worker.web.bind_address", "127.0.0.1:0");
      config.accept(c);
    }, builder).map(w -> {
      return Http.client(client, w.httpPort());
    });
  }

  @Test
  @DisplayName("while draining /health/ready answers 503 with the full body and /health/live stays 200")
  void readinessDuringDrain(Vertx client, VertxTestContext ctx) {
    Checkpoint stoppedAndChecked = ctx.checkpoint(2);
    fullWorker(client, c -> c.set("worker.health.drain_delay_ms", 2_000), b -> { })
      .compose(http -> http.get("/health/ready").send()
        .onComplete(ctx.succeeding(before -> ctx.verify(() -> assertEquals(200, before.statusCode()))))
        .compose(v -> {
          workers.worker().stop().onComplete(ctx.succeeding(stopped -> {
            stoppedAndChecked.flag();
          }));
          return Http.all(List.of(http.get("/health/ready"), http.get("/health/live")));
        }))
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        assertEquals(503, r.get(0).statusCode());
        JsonObject body = r.get(0).bodyAsJsonObject();
        assertEquals("unhealthy", body.getString("status"));
        assertEquals(Set.of("database", "command_processor", "queue_processing"), body.getJsonObject("checks").fieldNames());
        assertThat(body.getJsonObject("system_info").getBoolean("command_processor_active")).isFalse();
        assertEquals(200, r.get(1).statusCode());
        assertEquals("alive", r.get(1).bodyAsJsonObject().getString("status"));
        stoppedAndChecked.flag();
      })));
  }

  @Test
  @DisplayName("the access log writes failed and slow requests by default, not one line per probe or scrape; 'all' writes each")
  void accessLog(Vertx client, VertxTestContext ctx) {
    java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
    java.io.PrintStream saved = System.err;
    System.setErr(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
    fullWorker(client, c -> { }, b -> { })
      .compose(http -> Http.all(List.of(http.get("/health/live").putHeader("X-Request-Id", "probe-1"),
        http.get("/metrics").putHeader("X-Request-Id", "scrape-1"), http.get("/nowhere").putHeader("X-Request-Id", "lost-1"))))
      .compose(r -> workers.worker().stop().map(r))
      .compose(r -> fullWorker(client, c -> c.set("worker.web.access_log", "all"), b -> { }))
      .compose(http -> http.get("/health/live").putHeader("X-Request-Id", "probe-2").send())
      // An access line is written once the response has gone: wait for the last one expected.
      .compose(r -> Waits.eventually(client, () -> log.toString(java.nio.charset.StandardCharsets.UTF_8)
        .contains("request_id=probe-2"), java.time.Duration.ofSeconds(5), "the access line of probe-2"))
      .onComplete(ar -> {
        System.setErr(saved);
        ctx.verify(() -> {
          assertThat(ar.succeeded()).as(String.valueOf(ar.cause())).isTrue();
          String text = log.toString(java.nio.charset.StandardCharsets.UTF_8);
          assertThat(text).doesNotContain("request_id=probe-1", "request_id=scrape-1")
            .contains("GET /nowhere 404", "request_id=lost-1", "GET /health/live 200", "request_id=probe-2");
        });
        ctx.completeNow();
      });
  }

  @Test
  @DisplayName("a bus call that outlives request_timeout_ms answers 504 JSON")
  void requestTimeout(Vertx client, VertxTestContext ctx) {
    fullWorker(client, c -> c.set("worker.web.request_timeout_ms", 300).set("worker.health.check_timeout_ms", 20_000),
      b -> b.healthCheck("slow_dependency", false, promise -> { }))
      .compose(http -> http.get("/health/detailed").send())
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        Http.assertErrorShape(response, 504);
        assertEquals("timeout", response.bodyAsJsonObject().getString("error"));
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("headless: web disabled opens no port, and the services still answer on the bus")
  void headless(VertxTestContext ctx) {
    Set<Integer> before = ListeningSockets.ofThisProcess();
    workers.start(c -> c.set("worker.web.enabled", false))
      .compose(w -> {
        ctx.verify(() -> {
          assertThat(ListeningSockets.ofThisProcess()).as("no listening socket was opened").isSubsetOf(before);
          assertEquals(-1, w.httpPort());
          assertEquals("headless", w.mode().wireName());
        });
        return HealthService.createProxy(w.vertx(), HealthService.ADDRESS, 5_000).basic();
      })
      .onComplete(ctx.succeeding(basic -> ctx.verify(() -> {
        assertEquals("healthy", basic.getStatus());
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("a mode that contradicts worker.web.enabled is refused with a ConfigException saying why")
  void contradictoryModes(VertxTestContext ctx) {
    List<Future<?>> refusals = List.of(
      refused(ctx, TaskerWorker.builder().configLoader(TestWorkers.loader().set("worker.web.enabled", true)).mode(WorkerMode.LIBRARY),
        "mode library runs no HTTP server, but worker.web.enabled is true"),
      refused(ctx, TaskerWorker.builder().configLoader(TestWorkers.loader().set("worker.web.enabled", true)).mode(WorkerMode.HEADLESS),
        "mode headless runs no HTTP server, but worker.web.enabled is true"),
      refused(ctx, TaskerWorker.builder().configLoader(TestWorkers.loader()).mode(WorkerMode.FULL),
        "mode full serves HTTP, but worker.web.enabled is false"),
      refused(ctx, TaskerWorker.gateway().configLoader(TestWorkers.loader().set("worker.web.enabled", true)),
        "mode gateway fronts a cluster, but cluster.enabled is false"));
    Future.join(refusals).onComplete(v -> ctx.completeNow());
  }

  private static Future<TaskerWorker> refused(VertxTestContext ctx, WorkerBuilder builder, String why) {
    return builder.start().onComplete(ctx.failing(e -> ctx.verify(() ->
      assertThat(e).isInstanceOf(ConfigException.class).hasMessageContaining(why))));
  }

  @Test
  @DisplayName("/cluster/health: every worker reachable but one degraded is 'degraded', a 200 whose body says so")
  void degradedCluster(Vertx client, VertxTestContext ctx) {
    fullWorker(client, c -> { }, b -> b.healthCheck("broker", false, p -> p.complete(CheckVerdicts.degraded("slow"))))
      .compose(http -> http.get("/cluster/health").send())
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        assertEquals(200, response.statusCode());
        assertEquals("degraded", response.bodyAsJsonObject().getString("status"), response.bodyAsString());
        assertEquals(0, response.bodyAsJsonObject().getInteger("unreachable"));
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("/cluster/health: fewer workers than cluster.expected_workers is 'unhealthy', 503, naming how many are missing")
  void unhealthyCluster(Vertx client, VertxTestContext ctx) {
    fullWorker(client, c -> c.set("cluster.expected_workers", 2), b -> { })
      .compose(http -> http.get("/cluster/health").send())
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        assertEquals(503, response.statusCode());
        assertEquals("unhealthy", response.bodyAsJsonObject().getString("status"), response.bodyAsString());
        assertEquals(1, response.bodyAsJsonObject().getInteger("missing"));
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("full mode listens where bind_address says (the check of the socket table sees it)")
  void fullModeListens(Vertx client, VertxTestContext ctx) {
    fullWorker(client, c -> { }, b -> { }).onComplete(ctx.succeeding(http -> ctx.verify(() -> {
      assertThat(ListeningSockets.ofThisProcess()).contains(workers.worker().httpPort());
      assertEquals("full", workers.worker().mode().wireName());
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("a busy port fails the start with the cause, promptly, and leaves nothing deployed on a host's Vert.x")
  void busyPort(Vertx host, VertxTestContext ctx) throws IOException {
    ServerSocket busy = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
    String bind = "127.0.0.1:" + busy.getLocalPort();
    TaskerWorker.builder().configLoader(TestWorkers.loader().set("worker.web.enabled", true).set("worker.web.bind_address", bind))
      .start()
      .onComplete(ctx.failing(owned -> ctx.verify(() -> assertThat(owned).isInstanceOf(BindException.class))))
      .recover(v -> TaskerWorker.builder().vertx(host).configLoader(TestWorkers.loader()
        .set("worker.web.enabled", true).set("worker.web.bind_address", bind)).start())
      .onComplete(ctx.failing(hosted -> ctx.verify(() -> {
        busy.close();
        assertThat(hosted).isInstanceOf(BindException.class);
        assertThat(host.deploymentIDs()).as("the half-started worker was rolled back").isEmpty();
        ctx.completeNow();
      })));
  }
}
