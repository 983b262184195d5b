package org.taskercore.worker;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import io.vertx.junit5.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.taskercore.worker.service.ServiceCatalog;
import org.taskercore.worker.support.TestSockets;
import org.taskercore.worker.support.BridgeFrames;
import org.taskercore.worker.support.Waits;
import org.taskercore.worker.support.Http;
import org.taskercore.worker.support.WorkerProcess;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Plants a canary secret in every place a secret can be configured (URLs of every form, secret
 * keys nested in tables and arrays, the push URL, the API key) in a worker of its own process,
 * then reads every HTTP answer, every bus answer and the whole log for it.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("No configured secret leaves the process: answers, bus replies and logs")
class SecretCanaryTest {

  private static final String CANARY = "CANARY";
  private static final String API_KEY = "CANARY-api-key-0123456789";

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS) // a worker of its own process starts, pushes, stops
  @DisplayName("a running worker with canaries everywhere never shows one, over HTTP, over the bus, or in its log")
  void runningWorker(Vertx vertx, VertxTestContext ctx) throws IOException {
    int web = TestSockets.freePort();
    int bridge = TestSockets.freePort();
    Path conf = dir.resolve("canary.toml");
    Files.writeString(conf, """
      [common]
      jwt_secret = "CANARY-plain"
      [common.database]
      url = "jdbc:postgresql://svc:CANARY-db-pw@127.0.0.1:%d/tasker?password=CANARY-query"
      [common.vault]
      token = "CANARY-nested-token"
      [common.vault.keys]
      private_key_pem = "CANARY-pem"
      [common.upstreams]
      mirrors = ["https://bob:CANARY-mirror@127.0.0.1/x", "postgres://127.0.0.1/db?pass=CANARY-pass"]
      [[common.accounts]]
      user = "a"
      pgpassword = "CANARY-array-of-tables"
      [worker]
      worker_id = "canary"
      [worker.web]
      enabled = true
      bind_address = "127.0.0.1:%d"
      [worker.web.auth]
      enabled = true
      api_keys = ["%s"]
      [worker.bridge]
      enabled = true
      bind_address = "127.0.0.1:%d"
      [metrics.push]
      enabled = true
      url = "http://pusher:CANARY-push@127.0.0.1:%d"
      interval_seconds = 1
      """.formatted(TestSockets.freePort(), web, API_KEY, bridge, TestSockets.freePort()));
    File log = dir.resolve("canary.log").toFile();
    Process worker = WorkerProcess.start(Map.of(), log, "run", "--conf", conf.toString());
    WebClient http = Http.client(vertx, web);
    NetClient net = vertx.createNetClient();

    Waits.eventuallyAsync(vertx, () -> http.get("/health/live").send().map(r -> r.statusCode() == 200),
        Duration.ofSeconds(60), "the canary worker answers (see " + log + ")")
      .compose(v -> Http.all(requests(http)))
      .onComplete(ctx.succeeding(responses -> ctx.verify(() -> {
        for (var response : responses) {
          assertThat(response.bodyAsString()).as("an HTTP answer").doesNotContain(CANARY);
          assertThat(response.headers().toString()).as("HTTP headers").doesNotContain(CANARY);
        }
        assertThat(responses.get(0).bodyAsJsonObject().getJsonObject("metadata").getJsonArray("redacted_fields").getList())
          .contains("common.jwt_secret", "common.database.url", "common.vault.token", "common.vault.keys.private_key_pem",
            "common.upstreams.mirrors[0]", "common.upstreams.mirrors[1]", "common.accounts[0].pgpassword",
            "worker.web.auth.api_keys", "metrics.push.url");
      })))
      .compose(v -> net.connect(bridge, "127.0.0.1")).map(BridgeFrames::new)
      .compose(frames -> everyBusCall(frames).onComplete(ctx.succeeding(replies -> ctx.verify(() -> {
        assertThat(replies).hasSizeGreaterThan(30);
        replies.forEach(reply -> assertThat(reply.encode()).as("a bus reply").doesNotContain(CANARY));
      }))))
      .compose(v -> Waits.eventually(vertx, () -> pushFailures(log) >= 2, Duration.ofSeconds(20), "two failed pushes logged"))
      .compose(v -> vertx.executeBlocking(() -> {
        worker.destroy(); // SIGTERM: the worker drains and logs its way out
        worker.waitFor(60, TimeUnit.SECONDS);
        return Files.readString(log.toPath());
      }))
      .eventually(net::close)
      .onComplete(ctx.succeeding(text -> ctx.verify(() -> {
        worker.destroyForcibly();
        assertThat(text).as("the log says it pushed and failed, redacted").contains("pushing metrics to http://***@127.0.0.1",
          "metrics push to http://***@127.0.0.1");
        assertThat(text).as("the whole log").doesNotContain(CANARY);
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("a wrong-typed secret stops start-up (exit 2) with a message that never shows the value")
  void wrongTypedSecret() throws Exception {
    Path conf = dir.resolve("wrong.toml");
    Files.writeString(conf, "[worker.web.auth]\napi_keys = \"CANARY-wrong-type\"\n[metrics.push]\nurl = 5\n");
    File log = dir.resolve("wrong.log").toFile();
    Process run = WorkerProcess.start(Map.of(), log, "run", "--conf", conf.toString());
    assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String text = Files.readString(log.toPath());
    assertEquals(2, run.exitValue(), text);
    assertThat(text).contains("worker.web.auth.api_keys", "not shown: the key is secret").doesNotContain(CANARY);
  }

  /** Every route, with the key: the configuration ones first (the test reads the first answer). */
  private static List<HttpRequest<Buffer>> requests(WebClient http) {
    List<HttpRequest<Buffer>> requests = new ArrayList<>();
    for (String path : List.of("/config", "/workers/canary/config", "/config/environment", "/health", "/health/live",
      "/health/ready", "/health/detailed", "/metrics", "/metrics/worker", "/metrics/events", "/templates",
      "/templates?include_cache_stats=true", "/templates/cache/stats", "/templates/payments/process_payment/1.0.0",
      "/workers/canary/health/detailed", "/cluster/workers", "/cluster/health", "/cluster/metrics", "/api-docs/openapi.json",
      "/nothing/here", "/templates/%zz/a/1.0.0", "/workers/nobody/config")) {
      requests.add(http.get(path).putHeader("X-API-Key", API_KEY));
    }
    requests.add(http.get("/config").putHeader("X-API-Key", "CANARY-wrong-key-0123456789"));
    requests.add(http.get("/config").putHeader("Authorization", "Bearer CANARY.token.value"));
    requests.add(http.request(HttpMethod.POST, "/templates/payments/process_payment/1.0.0/validate").putHeader("X-API-Key", API_KEY));
    requests.add(http.request(HttpMethod.DELETE, "/templates/cache").putHeader("X-API-Key", API_KEY));
    return requests;
  }

  /** Every method of every service, at the shared and the per-worker address, in turn. */
  private static Future<List<JsonObject>> everyBusCall(BridgeFrames frames) {
    List<JsonObject> replies = new ArrayList<>();
    Future<?> chain = Future.succeededFuture();
    int n = 0;
    for (ServiceCatalog service : ServiceCatalog.values()) {
      for (Method method : service.methods().values()) {
        JsonObject body = new JsonObject();
        for (Parameter parameter : method.getParameters()) {
          body.put(ServiceCatalog.wireName(parameter), argument(parameter));
        }
        for (String address : List.of(service.address(null), service.address("canary"))) {
          JsonObject frame = new JsonObject().put("type", "send").put("address", address).put("replyAddress", "r" + n++)
            .put("headers", new JsonObject().put("action", method.getName())).put("body", body);
          chain = chain.compose(v -> frames.send(frame).map(replies::add));
        }
      }
    }
    return chain.map(v -> replies);
  }

  private static Object argument(Parameter parameter) {
    return switch (ServiceCatalog.wireName(parameter)) {
      case "namespace" -> "payments";
      case "name" -> "process_payment";
      case "version" -> "1.0.0";
      default -> true;
    };
  }

  private static long pushFailures(File log) {
    try {
      return Files.readAllLines(log.toPath()).stream().filter(l -> l.contains("metrics push to")).count();
    } catch (IOException e) {
      return 0;
    }
  }

}
