package org.taskercore.worker.web;

import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.config.ConfigException;
import org.taskercore.worker.support.Http;
import org.taskercore.worker.support.HttpWorker;
import org.taskercore.worker.support.TestWorkers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@ExtendWith(VertxExtension.class)
@DisplayName("API keys: every route but health, the scrape and the docs needs one")
class WebAuthTest {

  static final String KEY = "test-key-0123456789abcdef";
  static TaskerWorker worker;
  static WebClient http;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext ctx) {
    HttpWorker.starting(vertx, c -> c.set("worker.web.auth.enabled", true)
      .set("worker.web.auth.api_keys", new JsonArray().add("another-key-0123456789").add(KEY)))
      .onComplete(ctx.succeeding(started -> {
        worker = started.worker();
        http = started.http();
        ctx.completeNow();
      }));
  }

  @AfterAll
  static void stop(VertxTestContext ctx) {
    worker.stop().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("probes, scrapes and docs stay open; the rest answers 401 without a valid key and 200 with one")
  void protectedRoutes(VertxTestContext ctx) {
    List<String> open = List.of("/health", "/health/ready", "/metrics", "/api-docs/openapi.json", "/cluster/health");
    Http.all(open.stream().map(http::get).toList()).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      for (int i = 0; i < open.size(); i++) {
        assertEquals(200, r.get(i).statusCode(), open.get(i));
      }
    }))).compose(v -> Http.all(List.of(http.get("/config"), http.get("/config").putHeader("X-API-Key", "wrong-key-0123456789"),
        http.delete("/templates/cache"), http.get("/metrics/worker"), http.get("/config").putHeader("X-API-Key", KEY),
        http.delete("/templates/cache").putHeader("X-API-Key", KEY),
        http.get("/workers/" + worker.workerId() + "/health/live"))))
      .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
        Http.assertErrorShape(r.get(0), 401);
        assertThat(r.get(0).getHeader("WWW-Authenticate")).contains("Bearer", "ApiKey header=\"X-API-Key\"");
        Http.assertErrorShape(r.get(1), 401);
        Http.assertErrorShape(r.get(2), 401);
        Http.assertErrorShape(r.get(3), 401);
        assertEquals(200, r.get(4).statusCode());
        assertThat(r.get(4).bodyAsString()).doesNotContain(KEY);
        assertEquals(200, r.get(5).statusCode());
        Http.assertErrorShape(r.get(6), 401); // a named worker's routes need cluster:read, health included
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("public_routes narrowed to the probes: the rest of health, the scrape and the docs need credentials")
  void narrowedPublicRoutes(Vertx vertx, VertxTestContext ctx) {
    HttpWorker.starting(vertx, c -> c.set("worker.web.auth.enabled", true).set("worker.web.auth.api_keys", new JsonArray().add(KEY))
        .set("worker.web.auth.public_routes", new JsonArray().add("/health/live").add("/health/ready")))
      .compose(narrow -> Http.all(List.of(narrow.http().get("/health/live"), narrow.http().get("/health/ready"),
          narrow.http().get("/health/detailed"), narrow.http().get("/metrics"), narrow.http().get("/api-docs/openapi.json"),
          narrow.http().get("/metrics").putHeader("X-API-Key", KEY)))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertEquals(200, r.get(0).statusCode());
          assertEquals(200, r.get(1).statusCode());
          Http.assertErrorShape(r.get(2), 401);
          Http.assertErrorShape(r.get(3), 401);
          Http.assertErrorShape(r.get(4), 401);
          assertEquals(200, r.get(5).statusCode(), "any valid credentials open a route that needs no permission");
        })))
        .eventually(() -> narrow.worker().stop()))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("auth enabled without a long enough key stops start-up, naming the key")
  void weakKeys() {
    ConfigException e = assertThrows(ConfigException.class, () -> TestWorkers.loader()
      .set("worker.web.auth.enabled", true).set("worker.web.auth.api_keys", new JsonArray().add("short")).load());
    assertThat(e.getMessage()).contains("worker.web.auth.api_keys", "16 characters");
  }
}
