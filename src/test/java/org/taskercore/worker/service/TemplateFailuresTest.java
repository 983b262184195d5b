package org.taskercore.worker.service;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.config.ConfigLoader;
import org.taskercore.worker.service.template.TemplateQueryService;
import org.taskercore.worker.support.Await;
import org.taskercore.worker.support.TestWorkers;
import org.taskercore.worker.web.WebVerticle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

@DisplayName("Internal failures: 500 through the proxy and over HTTP, with no stack trace; 503 when no worker serves")
class TemplateFailuresTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("a template file broken after start-up: get fails 500 naming it, refresh answers success false, HTTP 500 JSON")
  void brokenAfterStart() throws IOException {
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
    TaskerWorker worker = TestWorkers.start(c -> c.set("worker.templates.search_paths", new JsonArray().add(dir + "/**/*.yaml"))
      .set("worker.web.enabled", true).set("worker.web.bind_address", "127.0.0.1:0"));
    Vertx client = Vertx.vertx();
    try {
      TemplateQueryService templates = TemplateQueryService.createProxy(worker.vertx(), TemplateQueryService.ADDRESS, 5_000);
      assertEquals("brittle", Await.result(templates.get("payments", "brittle", "1.0.0")).getTemplate().getString("name"));
      Files.writeString(file, "name: [unclosed\n");
      Await.result(templates.clearCache());

      ServiceException broken = (ServiceException) Await.failure(templates.get("payments", "brittle", "1.0.0"));
      assertEquals(500, broken.failureCode());
      assertThat(broken.getMessage()).contains("payments/brittle/1.0.0 cannot be read");
      assertFalse(Await.result(templates.refresh("payments", "brittle", "1.0.0")).isSuccess());

      HttpResponse<Buffer> http = Await.result(WebClient.create(client).get(worker.httpPort(), "127.0.0.1",
        "/templates/payments/brittle/1.0.0").send());
      assertEquals(500, http.statusCode());
      JsonObject body = http.bodyAsJsonObject();
      assertEquals("internal_error", body.getString("error"));
      assertThat(body.getString("message")).contains("internal error; see the worker log for request " + body.getString("request_id"));
      assertThat(http.bodyAsString()).doesNotContain("Exception", "\tat ", "unclosed");
    } finally {
      Await.result(client.close());
      Await.result(worker.stop());
    }
  }

  @Test
  @DisplayName("the web verticle with no worker behind it answers 503 JSON")
  void noWorkerServing() {
    Vertx vertx = Vertx.vertx();
    try {
      var web = new ConfigLoader().environment("test").env(java.util.Map.of()).set("worker.web.bind_address", "127.0.0.1:0")
        .load().worker().web();
      WebVerticle verticle = new WebVerticle(new WebVerticle.Options(web, "nobody-runs-here", null));
      Await.result(vertx.deployVerticle(verticle));
      HttpResponse<Buffer> response = Await.result(WebClient.create(vertx).get(verticle.actualPort(), "127.0.0.1", "/health/ready").send());
      assertEquals(503, response.statusCode());
      assertEquals("service_unavailable", response.bodyAsJsonObject().getString("error"));
      assertEquals("Worker system not running", response.bodyAsJsonObject().getString("message"));
    } finally {
      Await.result(vertx.close());
    }
  }
}
