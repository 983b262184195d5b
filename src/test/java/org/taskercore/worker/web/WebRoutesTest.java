package org.taskercore.worker.web;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.support.Await;
import org.taskercore.worker.support.HttpWorker;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("Every HTTP route through a real client, checked against the served OpenAPI document")
class WebRoutesTest {

  static HttpWorker server;
  static TaskerWorker worker;
  static Vertx client;
  static WebClient http;
  static ResponseValidator validator;

  @BeforeAll
  static void start() {
    server = HttpWorker.start(c -> { });
    worker = server.worker();
    client = server.clientVertx();
    http = server.http();
    JsonObject document = Await.result(http.get("/api-docs/openapi.json").send()).bodyAsJsonObject();
    validator = ResponseValidator.create(client, Await.result(OpenAPIContract.from(client, withoutOpenMetrics(document))));
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @Test
  @DisplayName("each route answers its status and a body that matches the document")
  void everyRoute() {
    Object[][] routes = {
      {HttpMethod.GET, "/health", 200, "healthBasic"},
      {HttpMethod.GET, "/health/live", 200, "healthLive"},
      {HttpMethod.GET, "/health/ready", 200, "healthReady"},
      {HttpMethod.GET, "/health/detailed", 200, "healthDetailed"},
      {HttpMethod.GET, "/metrics/worker", 200, "metricsWorker"},
      {HttpMethod.GET, "/metrics/events", 200, "metricsEvents"},
      {HttpMethod.GET, "/templates", 200, "templatesList"},
      {HttpMethod.GET, "/templates?include_cache_stats=true", 200, "templatesList"},
      {HttpMethod.GET, "/templates/cache/stats", 200, "templatesCacheStats"},
      {HttpMethod.DELETE, "/templates/cache", 200, "templatesCacheClear"},
      {HttpMethod.POST, "/templates/cache/maintain", 200, "templatesCacheMaintain"},
      {HttpMethod.GET, "/templates/payments/process_payment/1.0.0", 200, "templateGet"},
      {HttpMethod.GET, "/templates/payments/nothing/1.0.0", 404, "templateGet"},
      {HttpMethod.POST, "/templates/payments/process_payment/1.0.0/validate", 200, "templateValidate"},
      {HttpMethod.POST, "/templates/payments/nothing/1.0.0/validate", 404, "templateValidate"},
      {HttpMethod.POST, "/templates/payments/process_payment/1.0.0/refresh", 200, "templateRefresh"},
      {HttpMethod.POST, "/templates/payments/nothing/1.0.0/refresh", 404, "templateRefresh"},
      {HttpMethod.GET, "/config", 200, "configRuntime"},
      {HttpMethod.GET, "/config/environment", 200, "configEnvironment"},
      {HttpMethod.GET, "/workers/" + worker.workerId() + "/health/detailed", 200, "worker_healthDetailed"},
      {HttpMethod.GET, "/workers/" + worker.workerId() + "/templates/payments/process_payment/1.0.0", 200, "worker_templateGet"},
      {HttpMethod.GET, "/workers/nobody-here/health", 404, "worker_healthBasic"},
      {HttpMethod.GET, "/templates?include_cache_stats=maybe", 400, "templatesList"},
    };
    for (Object[] route : routes) {
      HttpResponse<Buffer> response = Await.result(http.request((HttpMethod) route[0], (String) route[1]).send());
      String what = route[0] + " " + route[1];
      assertEquals((int) route[2], response.statusCode(), what + ": " + response.bodyAsString());
      assertThat(response.getHeader("X-Request-Id")).as(what).isNotBlank();
      assertThat(response.getHeader("Content-Type")).as(what).isEqualTo("application/json");
      validate(response, (String) route[3], what);
      if (((String) route[1]).contains("/health")) {
        assertEquals("no-store", response.getHeader("Cache-Control"), what);
      }
      if (route[3].equals("templateRefresh") && response.statusCode() == 404) {
        assertEquals(false, response.bodyAsJsonObject().getBoolean("success"), "DESIGN §4: still a CacheOperationResult");
      } else if (response.statusCode() >= 400) {
        assertErrorShape(response, response.statusCode());
      }
    }
  }

  @Test
  @DisplayName("/config/environment and the per-worker mirror give the same answers as the un-prefixed routes")
  void mirror() {
    assertEquals(new JsonObject().put("environment", "test"),
      Await.result(http.get("/config/environment").send()).bodyAsJsonObject());
    JsonObject own = Await.result(http.get("/templates/inventory/fulfil_order/1.0.0").send()).bodyAsJsonObject();
    JsonObject mirrored = Await.result(http.get("/workers/" + worker.workerId() + "/templates/inventory/fulfil_order/1.0.0")
      .send()).bodyAsJsonObject();
    assertEquals(own.getJsonObject("template"), mirrored.getJsonObject("template"));
    HttpResponse<Buffer> unknown = Await.result(http.get("/workers/nobody-here/config").send());
    assertEquals("worker 'nobody-here' not found", unknown.bodyAsJsonObject().getString("message"));
    assertErrorShape(Await.result(http.get("/workers/bad%20id/health").send()), 400);
  }

  @Test
  @DisplayName("/metrics is Prometheus text 0.0.4, or OpenMetrics ending in # EOF when Accept asks")
  void metricsNegotiation() {
    HttpResponse<Buffer> text = Await.result(http.get("/metrics").send());
    assertEquals(200, text.statusCode());
    assertEquals("text/plain; version=0.0.4; charset=utf-8", text.getHeader("Content-Type"));
    assertThat(text.bodyAsString()).contains("# TYPE tasker_worker_steps_total counter", "vertx_http_server_");
    HttpResponse<Buffer> open = Await.result(http.get("/metrics")
      .putHeader("Accept", "application/openmetrics-text; version=1.0.0,text/plain;q=0.5").send());
    assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8", open.getHeader("Content-Type"));
    assertThat(open.bodyAsString().strip()).endsWith("# EOF");
  }

  @Test
  @DisplayName("errors: unknown route 404, wrong method 405, all in the error shape")
  void errors() {
    assertErrorShape(Await.result(http.get("/nothing/here").send()), 404);
    assertErrorShape(Await.result(http.post("/health").send()), 405);
    assertErrorShape(Await.result(http.delete("/config").send()), 405);
    assertErrorShape(Await.result(http.get("/templates/payments/nothing/1.0.0").send()), 404);
  }

  @Test
  @DisplayName("a path with invalid percent-encoding answers 400 in the error shape, with a request id")
  void invalidPercentEncoding() {
    for (String path : new String[] {"/templates/%zz/a/1.0.0", "/templates/%E0%A4%A/a/1.0.0"}) {
      HttpResponse<Buffer> response = Await.result(http.get(path).send());
      assertErrorShape(response, 400);
      assertThat(response.getHeader("X-Request-Id")).isNotBlank();
    }
  }

  @Test
  @DisplayName("hostile path segments are answered 400 or 404, never 5xx")
  void hostileSegments() {
    List<String> hostile = List.of("%2E%2E%2F%2E%2E%2Fetc", "..%2Fpasswd", "a%00b", "x".repeat(300), "has%20space",
      "%C3%BCn%C3%AFcode", "%25", "a%2Fb", "%FF%FE", "%2E%2E%2F");
    for (String segment : hostile) {
      for (String path : List.of("/templates/" + segment + "/name/1.0.0", "/templates/payments/" + segment + "/1.0.0",
        "/templates/payments/process_payment/" + segment, "/workers/" + segment + "/health")) {
        HttpResponse<Buffer> response = Await.result(http.get(path).send());
        assertThat(response.statusCode()).as(path).isIn(400, 404);
        assertErrorShape(response, response.statusCode());
      }
    }
    // A segment of dots alone is removed by RFC 3986 normalisation: the request becomes another route.
    HttpResponse<Buffer> dots = Await.result(http.get("/workers/%2E%2E/config/environment").send());
    assertEquals(Await.result(http.get("/config/environment").send()).bodyAsJsonObject(), dots.bodyAsJsonObject());
    assertThat(Await.result(http.get("/templates/%2E%2E/%2E%2E/1.0.0").send()).statusCode()).isIn(400, 404);
    HttpResponse<Buffer> bad = Await.result(http.get("/templates/has%20space/name/1.0.0").send());
    assertEquals(400, bad.statusCode());
    assertThat(bad.bodyAsJsonObject().getString("message")).contains("invalid namespace");
  }

  @Test
  @DisplayName("X-Request-Id is echoed when sane, generated otherwise")
  void requestIds() {
    assertEquals("trace-42", Await.result(http.get("/health").putHeader("X-Request-Id", "trace-42").send())
      .getHeader("X-Request-Id"));
    String generated = Await.result(http.get("/health").putHeader("X-Request-Id", "bad id\twith spaces").send())
      .getHeader("X-Request-Id");
    assertThat(generated).matches("[0-9a-f-]{36}");
    HttpResponse<Buffer> error = Await.result(http.get("/nope").putHeader("X-Request-Id", "trace-43").send());
    assertEquals("trace-43", error.bodyAsJsonObject().getString("request_id"));
  }

  @Test
  @DisplayName("Swagger UI is served from its webjar and points at the document")
  void swaggerUi() {
    WebClient noRedirects = WebClient.create(client, new WebClientOptions().setDefaultHost("127.0.0.1")
      .setDefaultPort(worker.httpPort()).setFollowRedirects(false));
    HttpResponse<Buffer> redirect = Await.result(noRedirects.get("/api-docs/ui").send());
    assertEquals(302, redirect.statusCode());
    HttpResponse<Buffer> page = Await.result(http.get("/api-docs/ui/").send());
    assertEquals(200, page.statusCode());
    assertThat(page.bodyAsString()).contains("swagger-ui-bundle.js");
    assertThat(Await.result(http.get("/api-docs/ui/swagger-initializer.js").send()).bodyAsString())
      .contains("/api-docs/openapi.json");
    assertEquals(200, Await.result(http.get("/api-docs/ui/swagger-ui-bundle.js").send()).statusCode());
  }

  /** vertx-openapi refuses media types it cannot validate; the OpenMetrics body is checked by hand instead. */
  static JsonObject withoutOpenMetrics(JsonObject document) {
    JsonObject copy = document.copy();
    JsonObject paths = copy.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject get = paths.getJsonObject(path).getJsonObject("get");
      if (get != null) {
        get.getJsonObject("responses").forEach(r -> {
          if (r.getValue() instanceof JsonObject response && response.getJsonObject("content") != null) {
            response.getJsonObject("content").remove("application/openmetrics-text");
          }
        });
      }
    }
    return copy;
  }

  static void assertErrorShape(HttpResponse<Buffer> response, int status) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    JsonObject body = response.bodyAsJsonObject();
    assertEquals(java.util.Set.of("error", "message", "status", "request_id"), body.fieldNames(), body.encode());
    assertEquals(status, body.getInteger("status"));
    assertEquals(response.getHeader("X-Request-Id"), body.getString("request_id"));
    assertThat(body.encode()).doesNotContain("Exception", "\tat ");
  }

  static void validate(HttpResponse<Buffer> response, String operationId, String what) {
    Map<String, String> headers = new HashMap<>();
    MultiMap raw = response.headers();
    raw.names().forEach(n -> headers.put(n, raw.get(n)));
    ValidatableResponse validatable = ValidatableResponse.create(response.statusCode(), headers, response.body(),
      response.getHeader("Content-Type"));
    try {
      Await.result(validator.validate(validatable, operationId));
    } catch (RuntimeException e) {
      throw new AssertionError(what + " does not match the document: " + e.getMessage() + "\n" + response.bodyAsString(), e);
    }
  }
}
