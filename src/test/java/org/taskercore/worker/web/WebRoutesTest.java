package org.taskercore.worker.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.support.Http;
import org.taskercore.worker.support.HttpWorker;
import org.taskercore.worker.support.OpenApiCheck;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(VertxExtension.class)
@DisplayName("Every HTTP route through a real client, checked against the served OpenAPI document")
class WebRoutesTest {

  static TaskerWorker worker;
  static Vertx client;
  static WebClient http;
  static OpenApiCheck document;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext ctx) {
    client = vertx;
    HttpWorker.starting(vertx, c -> { })
      .compose(started -> {
        worker = started.worker();
        http = started.http();
        return OpenApiCheck.of(client, http);
      })
      .onComplete(ctx.succeeding(check -> {
        document = check;
        ctx.completeNow();
      }));
  }

  @AfterAll
  static void stop(VertxTestContext ctx) {
    worker.stop().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("each route answers its status and a body that matches the document")
  void everyRoute(VertxTestContext ctx) {
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
    List<HttpRequest<Buffer>> requests = new ArrayList<>();
    for (Object[] route : routes) {
      requests.add(http.request((HttpMethod) route[0], (String) route[1]));
    }
    Http.all(requests).compose(responses -> {
      List<Future<?>> validations = new ArrayList<>();
      ctx.verify(() -> {
        for (int i = 0; i < routes.length; i++) {
          Object[] route = routes[i];
          HttpResponse<Buffer> response = responses.get(i);
          String what = route[0] + " " + route[1];
          assertEquals((int) route[2], response.statusCode(), what + ": " + response.bodyAsString());
          assertThat(response.getHeader("X-Request-Id")).as(what).isNotBlank();
          assertThat(response.getHeader("Content-Type")).as(what).isEqualTo("application/json");
          validations.add(document.validate(response, (String) route[3], what));
          if (((String) route[1]).contains("/health")) {
            assertEquals("no-store", response.getHeader("Cache-Control"), what);
          }
          if (route[3].equals("templateRefresh") && response.statusCode() == 404) {
            assertEquals(false, response.bodyAsJsonObject().getBoolean("success"), "DESIGN §4: still a CacheOperationResult");
          } else if (response.statusCode() >= 400) {
            Http.assertErrorShape(response, response.statusCode());
          }
        }
      });
      return Future.all(validations);
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("/config/environment and the per-worker mirror give the same answers as the un-prefixed routes")
  void mirror(VertxTestContext ctx) {
    Http.all(List.of(http.get("/config/environment"), http.get("/templates/inventory/fulfil_order/1.0.0"),
        http.get("/workers/" + worker.workerId() + "/templates/inventory/fulfil_order/1.0.0"),
        http.get("/workers/nobody-here/config"), http.get("/workers/bad%20id/health")))
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        assertEquals(new JsonObject().put("environment", "test"), r.get(0).bodyAsJsonObject());
        assertEquals(r.get(1).bodyAsJsonObject().getJsonObject("template"), r.get(2).bodyAsJsonObject().getJsonObject("template"));
        assertEquals("worker 'nobody-here' not found", r.get(3).bodyAsJsonObject().getString("message"));
        Http.assertErrorShape(r.get(4), 400);
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("/metrics is Prometheus text 0.0.4, or OpenMetrics ending in # EOF when Accept asks")
  void metricsNegotiation(VertxTestContext ctx) {
    Http.all(List.of(http.get("/metrics"),
        http.get("/metrics").putHeader("Accept", "application/openmetrics-text; version=1.0.0,text/plain;q=0.5")))
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        assertEquals(200, r.get(0).statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.get(0).getHeader("Content-Type"));
        assertThat(r.get(0).bodyAsString()).contains("# TYPE tasker_worker_steps_total counter", "vertx_http_server_");
        assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8", r.get(1).getHeader("Content-Type"));
        assertThat(r.get(1).bodyAsString().strip()).endsWith("# EOF");
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("errors: unknown route 404, wrong method 405, all in the error shape")
  void errors(VertxTestContext ctx) {
    Http.all(List.of(http.get("/nothing/here"), http.post("/health"), http.delete("/config"),
        http.get("/templates/payments/nothing/1.0.0")))
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        Http.assertErrorShape(r.get(0), 404);
        Http.assertErrorShape(r.get(1), 405);
        Http.assertErrorShape(r.get(2), 405);
        Http.assertErrorShape(r.get(3), 404);
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("a path with invalid percent-encoding answers 400 in the error shape, with a request id")
  void invalidPercentEncoding(VertxTestContext ctx) {
    Http.all(List.of(http.get("/templates/%zz/a/1.0.0"), http.get("/templates/%E0%A4%A/a/1.0.0")))
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        for (HttpResponse<Buffer> response : r) {
          Http.assertErrorShape(response, 400);
          assertThat(response.getHeader("X-Request-Id")).isNotBlank();
        }
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("hostile path segments are answered 400 or 404, never 5xx")
  void hostileSegments(VertxTestContext ctx) {
    List<String> hostile = List.of("%2E%2E%2F%2E%2E%2Fetc", "..%2Fpasswd", "a%00b", "x".repeat(300), "has%20space",
      "%C3%BCn%C3%AFcode", "%25", "a%2Fb", "%FF%FE", "%2E%2E%2F");
    List<String> paths = new ArrayList<>();
    for (String segment : hostile) {
      paths.addAll(List.of("/templates/" + segment + "/name/1.0.0", "/templates/payments/" + segment + "/1.0.0",
        "/templates/payments/process_payment/" + segment, "/workers/" + segment + "/health"));
    }
    Http.all(paths.stream().map(http::get).toList()).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      for (int i = 0; i < paths.size(); i++) {
        assertThat(r.get(i).statusCode()).as(paths.get(i)).isIn(400, 404);
        Http.assertErrorShape(r.get(i), r.get(i).statusCode());
      }
    })))
      // A segment of dots alone is removed by RFC 3986 normalisation: the request becomes another route.
      .compose(v -> Http.all(List.of(http.get("/workers/%2E%2E/config/environment"), http.get("/config/environment"),
        http.get("/templates/%2E%2E/%2E%2E/1.0.0"), http.get("/templates/has%20space/name/1.0.0"))))
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        assertEquals(r.get(1).bodyAsJsonObject(), r.get(0).bodyAsJsonObject());
        assertThat(r.get(2).statusCode()).isIn(400, 404);
        assertEquals(400, r.get(3).statusCode());
        assertThat(r.get(3).bodyAsJsonObject().getString("message")).contains("invalid namespace");
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("X-Request-Id is echoed when sane, generated otherwise")
  void requestIds(VertxTestContext ctx) {
    Http.all(List.of(http.get("/health").putHeader("X-Request-Id", "trace-42"),
        http.get("/health").putHeader("X-Request-Id", "bad id\twith spaces"),
        http.get("/nope").putHeader("X-Request-Id", "trace-43")))
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        assertEquals("trace-42", r.get(0).getHeader("X-Request-Id"));
        assertThat(r.get(1).getHeader("X-Request-Id")).matches("[0-9a-f-]{36}");
        assertEquals("trace-43", r.get(2).bodyAsJsonObject().getString("request_id"));
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("Swagger UI is served from its webjar and points at the document")
  void swaggerUi(VertxTestContext ctx) {
    WebClient noRedirects = WebClient.create(client, new WebClientOptions().setDefaultHost("127.0.0.1")
      .setDefaultPort(worker.httpPort()).setFollowRedirects(false));
    Http.all(List.of(noRedirects.get("/api-docs/ui"), http.get("/api-docs/ui/"), http.get("/api-docs/ui/swagger-initializer.js"),
        http.get("/api-docs/ui/swagger-ui-bundle.js")))
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        assertEquals(302, r.get(0).statusCode());
        assertEquals(200, r.get(1).statusCode());
        assertThat(r.get(1).bodyAsString()).contains("swagger-ui-bundle.js");
        assertThat(r.get(2).bodyAsString()).contains("/api-docs/openapi.json");
        assertEquals(200, r.get(3).statusCode());
        ctx.completeNow();
      })));
  }
}
