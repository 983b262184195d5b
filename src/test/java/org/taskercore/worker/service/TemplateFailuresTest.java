package org.taskercore.worker.service;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.config.ConfigLoader;
import org.taskercore.worker.service.template.TemplateQueryService;
import org.taskercore.worker.support.WorkerUnderTest;
import org.taskercore.worker.web.WebVerticle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

@ExtendWith(VertxExtension.class)
@DisplayName("Internal failures: 500 through the proxy and over HTTP, with no stack trace; 503 when no worker serves")
class TemplateFailuresTest {

  @TempDir
  Path dir;

  @RegisterExtension
  final WorkerUnderTest workers = WorkerUnderTest.perTest();

  @Test
  @DisplayName("a template file broken after start-up: get fails 500 naming it, refresh answers success false, HTTP 500 JSON")
  void brokenAfterStart(Vertx client, VertxTestContext ctx) throws IOException {
    WebClient web = WebClient.create(client); // referenced until closed: Vert.x closes an unreferenced client
    Path file = dir.resolve("payments/brittle/1.0.0.yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, """
      name: brittle
      namespace_name: payments
      version: 1.0.0
      steps:
        - name: s
          handler: {callable: payments.ValidateOrder}
      """);
    workers.start(c -> c.set("worker.templates.search_paths", new JsonArray().add(dir + "/**/*.yaml"))
        .set("worker.web.enabled", true).set("worker.web.bind_address", "127.0.0.1:0"))
      .compose(w -> {
        TemplateQueryService templates = TemplateQueryService.createProxy(w.vertx(), TemplateQueryService.ADDRESS, 5_000);
        return templates.get("payments", "brittle", "1.0.0")
          .onComplete(ctx.succeeding(found -> ctx.verify(() -> assertEquals("brittle", found.getTemplate().getString("name")))))
          .compose(v -> client.fileSystem().writeFile(file.toString(), Buffer.buffer("name: [unclosed\n")))
          .compose(v -> templates.clearCache())
          .compose(v -> templates.get("payments", "brittle", "1.0.0").transform(broken -> {
            ctx.verify(() -> {
              assertThat(broken.failed()).as("a broken file fails get").isTrue();
              assertEquals(500, ((ServiceException) broken.cause()).failureCode());
              assertThat(broken.cause().getMessage()).contains("payments/brittle/1.0.0 cannot be read");
            });
            return templates.refresh("payments", "brittle", "1.0.0");
          }))
          .onComplete(ctx.succeeding(refreshed -> ctx.verify(() -> assertFalse(refreshed.isSuccess()))));
      })
      .compose(v -> web.get(workers.worker().httpPort(), "127.0.0.1", "/templates/payments/brittle/1.0.0").send())
      .onComplete(ctx.succeeding(http -> ctx.verify(() -> {
        assertEquals(500, http.statusCode());
        JsonObject body = http.bodyAsJsonObject();
        assertEquals("internal_error", body.getString("error"));
        assertThat(body.getString("message")).contains("internal error; see the worker log for request " + body.getString("request_id"));
        assertThat(http.bodyAsString()).doesNotContain("Exception", "\tat ", "unclosed");
        web.close();
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("the web verticle with no worker behind it answers 503 JSON")
  void noWorkerServing(Vertx vertx, VertxTestContext ctx) {
    var config = new ConfigLoader().environment("test").env(Map.of()).set("worker.web.bind_address", "127.0.0.1:0")
      .load().worker();
    var webConfig = config.web();
    WebVerticle verticle = new WebVerticle(WebVerticle.Options.worker(webConfig, config.bridge(), "nobody-runs-here", null,
      new org.taskercore.worker.access.AccessPolicy(vertx, webConfig.auth(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry()), ""));
    WebClient web = WebClient.create(vertx);
    vertx.deployVerticle(verticle)
      .compose(id -> web.get(verticle.actualPort(), "127.0.0.1", "/health/ready").send())
      .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
        assertEquals(503, response.statusCode());
        assertEquals("service_unavailable", response.bodyAsJsonObject().getString("error"));
        assertEquals("Worker system not running", response.bodyAsJsonObject().getString("message"));
        web.close();
        ctx.completeNow();
      })));
  }
}
