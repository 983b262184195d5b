package org.taskercore.worker.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.config.ConfigException;
import org.taskercore.worker.support.Await;
import org.taskercore.worker.support.HttpWorker;
import org.taskercore.worker.support.TestWorkers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@DisplayName("API keys: every route but health, the scrape and the docs needs one")
class WebAuthTest {

  static final String KEY = "test-key-0123456789abcdef";
  static HttpWorker server;
  static TaskerWorker worker;
  static WebClient http;

  @BeforeAll
  static void start() {
    server = HttpWorker.start(c -> c.set("worker.web.auth.enabled", true)
      .set("worker.web.auth.api_keys", new JsonArray().add("another-key-0123456789").add(KEY)));
    worker = server.worker();
    http = server.http();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @Test
  @DisplayName("probes, scrapes and docs stay open; the rest answers 401 without a valid key and 200 with one")
  void protectedRoutes() {
    for (String open : new String[] {"/health", "/health/ready", "/metrics", "/api-docs/openapi.json",
      "/workers/" + worker.workerId() + "/health/live", "/cluster/health"}) {
      assertEquals(200, Await.result(http.get(open).send()).statusCode(), open);
    }
    HttpResponse<Buffer> missing = Await.result(http.get("/config").send());
    WebRoutesTest.assertErrorShape(missing, 401);
    assertEquals("ApiKey header=\"X-API-Key\"", missing.getHeader("WWW-Authenticate"));
    WebRoutesTest.assertErrorShape(Await.result(http.get("/config").putHeader("X-API-Key", "wrong-key-0123456789").send()), 401);
    WebRoutesTest.assertErrorShape(Await.result(http.delete("/templates/cache").send()), 401);
    WebRoutesTest.assertErrorShape(Await.result(http.get("/metrics/worker").send()), 401);
    assertEquals(200, Await.result(http.get("/config").putHeader("X-API-Key", KEY).send()).statusCode());
    assertEquals(200, Await.result(http.delete("/templates/cache").putHeader("X-API-Key", KEY).send()).statusCode());
    assertThat(Await.result(http.get("/config").putHeader("X-API-Key", KEY).send()).bodyAsString()).doesNotContain(KEY);
  }

  @Test
  @DisplayName("auth enabled without a long enough key stops start-up, naming the key")
  void weakKeys() {
    ConfigException e = assertThrows(ConfigException.class, () -> TestWorkers.loader()
      .set("worker.web.auth.enabled", true).set("worker.web.auth.api_keys", new JsonArray().add("short")).load());
    assertThat(e.getMessage()).contains("worker.web.auth.api_keys", "16 characters");
  }
}
