package org.taskercore.worker.web;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.taskercore.worker.support.Browser;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's fleet view with 50 workers, in Chromium. The page is the real one (the jar's
 * tasker-ui files); what it reads comes from a stub gateway that answers the same routes for 50
 * simulated workers: two unreachable, five degraded (one with a very long message), the rest
 * healthy, each with step counters that move.
 */
@DisplayName("Dashboard fleet view: 50 workers worst first, filters, a row opens its card, no clipped column at 390 px")
class DashboardFleetTest {

  /** w07 never answers; w23 answers the first three cluster reads, then stops. */
  static final Set<String> UNREACHABLE = Set.of("w07", "w23");
  static final AtomicLong clusterReads = new AtomicLong();
  static volatile long refreshMs = 500;
  static final Set<String> DEGRADED = Set.of("w03", "w12", "w31", "w44", "w50");
  static final String LONG = "connection refused by payments-gateway.internal.example:8443 ".repeat(4)
    + "x".repeat(120);
  static final Map<String, AtomicLong> steps = new ConcurrentHashMap<>();
  static Vertx vertx;
  static HttpServer stub;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.get("/ui/settings.json").handler(ctx -> json(ctx, new JsonObject().put("mode", "gateway").putNull("worker_id")
      .put("refresh_ms", refreshMs).put("auth_enabled", false).put("api_key_header", "X-API-Key")));
    router.get("/ui/*").handler(StaticHandler.create("tasker-ui").setIndexPage("index.html"));
    router.get("/cluster/health").handler(ctx -> json(ctx, clusterHealth()));
    router.get("/cluster/workers").handler(ctx -> json(ctx, new JsonObject().put("workers", new JsonArray(ids().stream()
      .map(id -> new JsonObject().put("worker_id", id).put("mode", "headless").put("version", "0.1.0")
        .put("namespaces", new JsonArray().add("payments"))).toList())).put("count", 50)));
    router.get("/workers/:id/metrics/worker").handler(ctx -> json(ctx, metricsOf(ctx.pathParam("id"))));
    router.get("/workers/:id/health/ready").handler(ctx -> json(ctx, new JsonObject().put("status", "healthy")));
    router.get("/workers/:id/metrics/events").handler(ctx -> json(ctx, new JsonObject().put("router", new JsonObject())
      .put("in_process_bus", new JsonObject())));
    router.get("/workers/:id/templates").handler(ctx -> json(ctx, new JsonObject().put("templates", new JsonArray())));
    stub = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("1280 px: the unhealthy on the first screen and named in the header; filters; a row opens its card")
  void wide() throws Exception {
    try (Browser browser = new Browser(1280, 800)) {
      clusterReads.set(0);
      browser.open("http://127.0.0.1:" + stub.actualPort() + "/ui/");
      browser.until(Duration.ofSeconds(30), "50 rows, w23 gone silent", d -> rows(browser).size() == 50
        && row(browser, "w23").getText().contains("last seen"));
      List<String> order = rows(browser).stream().map(r -> r.getAttribute("data-worker")).toList();
      assertThat(order.subList(0, 7)).containsExactly("w07", "w23", "w03", "w12", "w31", "w44", "w50");
      assertThat(browser.find("#not-healthy").getText()).contains("w07 (unreachable)", "w23 (unreachable)", "w03 (degraded)",
        "w50 (degraded)").doesNotContain("w01");
      int height = ((Number) js(browser, "return window.innerHeight")).intValue();
      for (WebElement row : rows(browser).subList(0, 7)) {
        assertThat(row.getRect().getY() + row.getRect().getHeight()).as("%s on the first screen", row.getAttribute("data-worker"))
          .isLessThanOrEqualTo(height);
      }
      assertThat(row(browser, "w07").getText()).contains("unreachable", "no answer within 2000 ms", "never answered");
      assertThat(row(browser, "w23").getText()).containsPattern("last seen \\d+ s ago");
      assertThat(row(browser, "w12").getText()).contains("degraded", "step_processing (degraded)");
      browser.until(Duration.ofSeconds(30), "a rate for w01", d -> row(browser, "w01").getText().matches("(?s).*\\d+\\.\\d\\d.*"));
      assertThat(browser.screenshot("dashboard-fleet-50")).isGreaterThan(20);

      new Select(browser.find("#status-filter")).selectByValue("degraded");
      browser.until(Duration.ofSeconds(5), "five degraded rows", d -> rows(browser).size() == 5);
      new Select(browser.find("#status-filter")).selectByValue("");
      browser.find("#text-filter").sendKeys("payments-gateway");
      browser.until(Duration.ofSeconds(5), "the one worker whose message names it", d -> rows(browser).size() == 1
        && "w31".equals(rows(browser).get(0).getAttribute("data-worker")));
      browser.find("#text-filter").clear();
      browser.find("#text-filter").sendKeys(" ");
      browser.until(Duration.ofSeconds(5), "every row back", d -> rows(browser).size() == 50);

      browser.find("button.open[aria-label='open worker w12']").click();
      WebElement card = browser.until(Duration.ofSeconds(10), "w12's card", d -> browser.find("section.worker[aria-label='worker w12']"));
      assertThat(card.getText()).contains("step_processing", "7.5% errors over the last 60 s");
      browser.until(Duration.ofSeconds(30), "w12's rate in its card",
        d -> browser.find("section.worker[aria-label='worker w12'] figure").getText().matches("(?s).*\\d+\\.\\d\\d.*"));
    }
  }

  @Test
  @DisplayName("390 px: no column clipped, no sideways scroll; a long message wraps; charts say collecting… before two points")
  void narrow() throws Exception {
    refreshMs = 60_000; // one reading per worker: no rate yet, for as long as the test looks
    try (Browser browser = new Browser(390, 800)) {
      browser.open("http://127.0.0.1:" + stub.actualPort() + "/ui/");
      browser.until(Duration.ofSeconds(30), "50 rows", d -> rows(browser).size() == 50);
      int viewport = ((Number) js(browser, "return document.documentElement.clientWidth")).intValue();
      assertThat(((Number) js(browser, "return document.documentElement.scrollWidth")).intValue()).as("page width")
        .isLessThanOrEqualTo(viewport);
      WebElement message = row(browser, "w31").findElement(By.cssSelector("td.message"));
      assertThat(message.getRect().getX() + message.getRect().getWidth()).isLessThanOrEqualTo(viewport);
      assertThat(message.getRect().getHeight()).as("the long message wraps onto several lines").isGreaterThan(60);
      for (WebElement cell : row(browser, "w01").findElements(By.cssSelector("th, td:not(:empty)"))) {
        assertThat(cell.getRect().getX() + cell.getRect().getWidth()).as(cell.getText()).isLessThanOrEqualTo(viewport);
      }
      assertThat(row(browser, "w01").getText()).contains("collecting…");
      assertThat(browser.screenshot("dashboard-fleet-390")).isGreaterThan(20);
      row(browser, "w12").findElement(By.cssSelector("button.open")).click();
      WebElement card = browser.until(Duration.ofSeconds(10), "w12's card", d -> browser.find("section.worker[aria-label='worker w12']"));
      assertThat(card.findElement(By.cssSelector("figure")).getText()).contains("collecting…");
    } finally {
      refreshMs = 500;
    }
  }

  private static List<WebElement> rows(Browser browser) {
    return browser.driver().findElements(By.cssSelector("#fleet tbody tr"));
  }

  private static WebElement row(Browser browser, String id) {
    return browser.find("#fleet tbody tr[data-worker='" + id + "']");
  }

  private static Object js(Browser browser, String script) {
    return ((JavascriptExecutor) browser.driver()).executeScript(script);
  }

  private static List<String> ids() {
    return java.util.stream.IntStream.rangeClosed(1, 50).mapToObj(i -> String.format("w%02d", i)).toList();
  }

  private static JsonObject clusterHealth() {
    JsonArray workers = new JsonArray();
    long read = clusterReads.incrementAndGet();
    for (String id : ids()) {
      if (UNREACHABLE.contains(id) && (id.equals("w07") || read > 3)) {
        workers.add(new JsonObject().put("worker_id", id).put("reachable", false).put("status", "unreachable")
          .put("error", "no answer within 2000 ms").put("duration_ms", 2000).putNull("health"));
        continue;
      }
      String status = DEGRADED.contains(id) ? "degraded" : "healthy";
      String message = id.equals("w31") ? LONG : DEGRADED.contains(id) ? "7.5% errors over the last 60 s" : "0.0% errors";
      JsonObject checks = new JsonObject()
        .put("command_processor", check("healthy", "running"))
        .put("step_processing", check(status, message));
      workers.add(new JsonObject().put("worker_id", id).put("reachable", true).put("status", status).putNull("error")
        .put("duration_ms", 3).put("health", new JsonObject().put("status", status).put("worker_id", id)
          .put("timestamp", Instant.now().toString()).put("checks", checks)
          .put("system_info", new JsonObject().put("version", "0.1.0").put("uptime_seconds", 3_700)
            .put("supported_namespaces", new JsonArray().add("payments")))));
    }
    return new JsonObject().put("status", "unhealthy").put("timestamp", Instant.now().toString()).put("total", 50)
      .put("healthy", 43).put("unreachable", 2).put("workers", workers);
  }

  private static JsonObject check(String status, String message) {
    return new JsonObject().put("status", status).put("message", message).put("duration_ms", 0)
      .put("last_checked", Instant.now().toString());
  }

  /** Steps that keep ending: 10 more each time a worker's metrics are read, one in ten of them failed. */
  private static JsonObject metricsOf(String id) {
    long ended = steps.computeIfAbsent(id, k -> new AtomicLong()).addAndGet(10);
    return new JsonObject().put("worker_id", id).put("timestamp", Instant.now().toString()).put("metrics", new JsonObject()
      .put("tasker_worker_steps_total{namespace=\"payments\",outcome=\"success\"}", point(ended * 9 / 10, "success"))
      .put("tasker_worker_steps_total{namespace=\"payments\",outcome=\"failure\"}", point(ended / 10, "failure")));
  }

  private static JsonObject point(long value, String outcome) {
    return new JsonObject().put("value", value).put("metric_type", "counter")
      .put("labels", new JsonObject().put("namespace", "payments").put("outcome", outcome));
  }

  private static void json(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
  }
}
