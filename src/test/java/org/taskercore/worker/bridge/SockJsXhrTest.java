package org.taskercore.worker.bridge;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.support.Http;
import org.taskercore.worker.support.TestWorkers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The SockJS bridge's XHR transports, driven by the npm event-bus client a browser or Node
 * application uses (installed by scripts/node-tools), and its frame bound on posted bodies.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("SockJS bridge over XHR: a real client's calls answer, a two-action call is refused, posts are bounded")
class SockJsXhrTest {

  static TaskerWorker worker;

  @BeforeAll
  static void start(VertxTestContext ctx) {
    TestWorkers.starting(c -> c.set("worker.web.enabled", true).set("worker.web.bind_address", "127.0.0.1:0")
        .set("worker.web.sockjs_bridge", true).set("worker.bridge.max_frame_bytes", 4096))
      .onComplete(ctx.succeeding(w -> {
        worker = w;
        ctx.completeNow();
      }));
  }

  @AfterAll
  static void stop(VertxTestContext ctx) {
    worker.stop().onComplete(ctx.succeedingThenComplete());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"xhr-polling", "xhr-streaming"})
  @DisplayName("@vertx/eventbus-bridge-client.js on one XHR transport: templates.list answers; two actions answer 400")
  void xhrRoundTrip(String transport) throws Exception {
    ProcessBuilder node = new ProcessBuilder("node", "sockjs-xhr.js", "http://127.0.0.1:" + worker.httpPort() + "/eventbus", transport)
      .directory(Path.of("src/test/node").toFile()).redirectErrorStream(true);
    Process process = node.start();
    String output;
    try {
      output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("node exits").isTrue();
    } finally {
      process.destroyForcibly();
    }
    assertEquals(0, process.exitValue(), output);
    JsonObject result = new JsonObject(output.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow());
    assertEquals(transport, result.getString("transport"), output);
    assertEquals(3, result.getJsonObject("listed").getInteger("template_count"), output);
    assertThat(result.getJsonObject("listed").containsKey("cache_stats")).isTrue();
    assertEquals(400, result.getJsonObject("refused").getInteger("failureCode"), output);
    assertThat(result.getJsonObject("refused").getString("message")).contains("more than one 'action' header");
  }

  @Test
  @DisplayName("an xhr_send body over max_frame_bytes answers 413 error JSON, not 500")
  void xhrSendBounded(Vertx vertx, VertxTestContext ctx) {
    WebClient http = Http.client(vertx, worker.httpPort());
    http.post("/eventbus/000/oversized/xhr_send").sendBuffer(Buffer.buffer("[\"" + "x".repeat(8192) + "\"]"))
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        Http.assertErrorShape(response, 413);
        http.close();
        ctx.completeNow();
      })));
  }
}
