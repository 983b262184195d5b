package org.taskercore.worker.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.support.Browser;
import org.taskercore.worker.support.Waits;
import org.taskercore.worker.support.TestCluster;
import org.taskercore.worker.support.TestDatabase;
import org.taskercore.worker.support.TestWorkers;
import org.taskercore.worker.support.ZipkinServer;
import org.taskercore.worker.support.WorkerProcess;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live dashboard at /ui in Debian's headless Chromium, against real workers: what it shows,
 * how fast it notices, the 401 flow, hostile strings, and a phone-sized window. Every state is
 * saved as a screenshot under target/screenshots and checked not to be blank.
 */
@DisplayName("Dashboard /ui in a real browser: a full worker, a failing check, a hostile template, the 401 flow, a gateway over three workers")
class DashboardTest {

  static final Duration NOTICE = Duration.ofSeconds(3);
  static final String HOSTILE = "<img src=x onerror=\"document.title='pwned'\">";
  static final String KEY = "dashboard-key-0123456789";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  @DisplayName("a full worker: its id and every check; a failing readiness check turns it red within 3 s; a hostile name is text; phone-sized; grey when it stops")
  void fullWorker(@TempDir Path templates) throws Exception {
    Path hostile = Files.createDirectories(templates.resolve("evil"));
    // The loader refuses such a name; the file's own name, which the template check reports, carries it to the page.
    Files.writeString(hostile.resolve(HOSTILE + ".yaml"), "name: \"" + HOSTILE.replace("\"", "\\\"") + "\"\nnamespace_name: evil\nversion: 1.0.0\n"
      + "steps:\n  - name: only\n    handler: {callable: payments.ValidateOrder}\n");
    AtomicBoolean dependencyUp = new AtomicBoolean(true);
    ZipkinServer zipkin = ZipkinServer.shared();
    TaskerWorker worker = TestWorkers.starting(c -> c.set("worker.web.enabled", true).set("worker.web.bind_address", "127.0.0.1:0")
        .set("worker.templates.search_paths", new JsonArray().add("conf/templates/**/*.yaml").add(templates + "/**/*.yaml"))
        .set("observability.tracing.enabled", true).set("observability.tracing.exporter", "zipkin")
        .set("observability.tracing.endpoint", zipkin.spansEndpoint()).set("observability.tracing.ui_url", zipkin.traceUiUrl()),
      b -> b.healthCheck("payment_gateway", true, p -> p.complete(dependencyUp.get() ? Status.OK()
        : Status.KO(new JsonObject().put("message", "payment gateway refuses connections")))))
      .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    String ui = "http://127.0.0.1:" + worker.httpPort() + "/ui/";
    try (Browser browser = new Browser(1280, 800)) {
      HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(ui)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(DashboardRoutes.CONTENT_SECURITY_POLICY);
      assertThat(page.body()).doesNotContain("<script>").doesNotContain("style=");

      browser.open(ui);
      browser.until(NOTICE.plusSeconds(7), "the worker's card", d -> workerCard(browser, worker.workerId()).isDisplayed());
      JsonObject detailed = new JsonObject(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + worker.httpPort()
        + "/health/detailed")).build(), HttpResponse.BodyHandlers.ofString()).body());
      browser.until(NOTICE, "every check shown", d -> checksShown(browser).containsAll(detailed.getJsonObject("checks").fieldNames()));
      assertThat(browser.find("section.worker").getAttribute("data-status")).isIn("healthy", "degraded");
      assertThat(browser.screenshot("dashboard-full")).as("colours in the screenshot").isGreaterThan(20);

      browser.until(NOTICE, "the hostile template name as text", d -> browser.find("main").getText().contains(HOSTILE));
      assertThat(browser.driver().findElements(By.cssSelector("main img"))).as("no element made from a worker's string").isEmpty();
      assertThat(browser.driver().getTitle()).isEqualTo("Tasker workers");
      // Found and scrolled in one script: the page rebuilds its rows every refresh, so an element found first may be gone.
      ((JavascriptExecutor) browser.driver()).executeScript(
        "[...document.querySelectorAll('td')].find((td) => td.textContent.includes('onerror')).scrollIntoView()");
      assertThat(browser.screenshot("dashboard-hostile-template")).isGreaterThan(20);

      dependencyUp.set(false);
      long failed = System.nanoTime();
      browser.until(NOTICE, "red within 3 s of the check failing", d -> "unhealthy".equals(browser.find("section.worker").getAttribute("data-status")));
      long tookMs = (System.nanoTime() - failed) / 1_000_000;
      WebElement firstRow = browser.find("section.worker tbody tr");
      assertThat(firstRow.getAttribute("data-check")).as("the failing check first").isEqualTo("payment_gateway");
      assertThat(firstRow.getText()).contains("unhealthy", "payment gateway refuses connections");
      assertThat(browser.find("section.worker .badge").getText()).as("a word beside the colour").contains("unhealthy");
      assertThat(browser.screenshot("dashboard-check-failing")).isGreaterThan(20);
      // The failing check links to the trace of its run, which the tracing backend holds.
      String traceLink = "section.worker tr[data-check='payment_gateway'] a.trace";
      browser.until(NOTICE, "a trace link on the failing check", d -> !d.findElements(By.cssSelector(traceLink)).isEmpty());
      String link = browser.find(traceLink).getAttribute("href");
      String traceId = link.substring(link.lastIndexOf('/') + 1);
      assertThat(link).isEqualTo(zipkin.traceUiUrl().replace("{trace_id}", traceId));
      assertThat(traceId).matches("[0-9a-f]{32}");
      assertThat(zipkin.awaitTrace(traceId, "the check's span", spans -> spans.stream()
        .anyMatch(span -> "check payment_gateway".equals(span.getString("name")))))
        .anyMatch(span -> "check payment_gateway".equals(span.getString("name")) && span.getJsonObject("tags").containsKey("error"));
      System.out.println("dashboard: red " + tookMs + " ms after the check failed");

      new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
      assertThat(browser.driver().switchTo().activeElement().getText()).as("the first Tab stop").isEqualTo("Skip to the workers");
      assertThat(browser.driver().findElements(By.cssSelector("section.worker nav a"))).extracting(a -> a.getAttribute("href"))
        .anyMatch(href -> href.endsWith("/health/detailed")).anyMatch(href -> href.endsWith("/metrics/worker"));

      browser.driver().manage().window().setSize(new Dimension(390, 844));
      browser.until(NOTICE, "no sideways scrolling at 390 px", d -> (Boolean) ((JavascriptExecutor) d)
        .executeScript("return document.documentElement.scrollWidth <= window.innerWidth"));
      assertThat(browser.screenshot("dashboard-phone")).isGreaterThan(20);

      worker.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      browser.until(NOTICE, "grey within 3 s of the worker stopping", d ->
        "unreachable".equals(browser.find("section.worker").getAttribute("data-status")));
      assertThat(browser.find("section.worker .reason").getText()).contains("no answer");
      assertThat(browser.screenshot("dashboard-stopped")).isGreaterThan(20);
    } finally {
      worker.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("routes that answer 401 make the page ask once for a key, kept for the tab; with it the figures show")
  void asksForAKey() throws Exception {
    TaskerWorker worker = TestWorkers.start(c -> c.set("worker.web.enabled", true).set("worker.web.bind_address", "127.0.0.1:0")
      .set("worker.web.auth.enabled", true).set("worker.web.auth.api_keys", new JsonArray().add(KEY)));
    try (Browser browser = new Browser(1280, 800)) {
      browser.open("http://127.0.0.1:" + worker.httpPort() + "/ui");
      browser.until(NOTICE.plusSeconds(7), "the credentials form", d -> browser.find("#credentials").isDisplayed());
      assertThat(browser.driver().switchTo().activeElement().getAttribute("id")).as("focus on the key field").isEqualTo("credential");
      assertThat(browser.screenshot("dashboard-asks-for-key")).isGreaterThan(20);
      browser.find("#credential").sendKeys(KEY, Keys.ENTER);
      browser.until(NOTICE, "the worker with its figures", d -> workerCard(browser, worker.workerId()).getText().contains("hit ratio"));
      assertThat(browser.find("#credentials").isDisplayed()).isFalse();
      Object kept = ((JavascriptExecutor) browser.driver()).executeScript("return sessionStorage.getItem('tasker-ui-credentials')");
      assertThat(String.valueOf(kept)).contains(KEY);
      assertThat(browser.screenshot("dashboard-with-key")).isGreaterThan(20);
    } finally {
      worker.stopAndWait(Duration.ofSeconds(30));
    }
  }

  @Test
  @DisplayName("a worker with a database: its pool and outbox figures show, moving as durable events are delivered")
  void withADatabase() throws Exception {
    TaskerWorker worker = TestWorkers.start(c -> c.set("worker.web.enabled", true).set("worker.web.bind_address", "127.0.0.1:0")
      .set("common.database.url", TestDatabase.fresh()));
    try (Browser browser = new Browser(1280, 800)) {
      worker.runTaskAndWait("notifications/send_notification/1.0.0", new JsonObject(), Duration.ofSeconds(30));
      browser.open("http://127.0.0.1:" + worker.httpPort() + "/ui/");
      browser.until(Duration.ofSeconds(10), "the pool and the outbox, with a delivery counted", d -> {
        String text = workerCard(browser, worker.workerId()).getText();
        return text.contains("Database pool:") && text.contains("of 10") && !text.contains("0 delivered");
      });
      assertThat(browser.find("section.worker tbody tr[data-check='database']").getText()).contains("SELECT 1 in");
      ((JavascriptExecutor) browser.driver()).executeScript("arguments[0].scrollIntoView()",
        browser.driver().findElement(By.xpath("//p[contains(., 'Database pool:')]")));
      assertThat(browser.screenshot("dashboard-database")).isGreaterThan(20);
    } finally {
      worker.stopAndWait(Duration.ofSeconds(30));
    }
  }

  @Test
  @DisplayName("a gateway over three workers lists all three; one killed turns unreachable within 3 s and comes back when it returns")
  void gatewayOverThree() throws Exception {
    TestCluster cluster = new TestCluster();
    Map<String, String> env = new HashMap<>(cluster.environment());
    env.put("TASKER__WORKER__WORKER_ID", "gamma");
    env.put("TASKER__WORKER__WEB__ENABLED", "false");
    Process gamma = null;
    TaskerWorker gateway = null;
    try {
      cluster.starting("alpha", c -> { }).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      cluster.starting("beta", c -> { }).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      gamma = WorkerProcess.start(env, new File("target/dashboard-gamma.log"), "run");
      var loader = TestWorkers.loader().set("worker.web.enabled", true).set("worker.web.bind_address", "127.0.0.1:0");
      cluster.configure(loader);
      gateway = TaskerWorker.gateway().configLoader(loader).startAndWait(Duration.ofSeconds(60));
      try (Browser browser = new Browser(1280, 800)) {
        browser.open("http://127.0.0.1:" + gateway.httpPort() + "/ui/");
        browser.until(Duration.ofSeconds(90), "three workers, all answering", d -> browser.driver()
          .findElements(By.cssSelector("#fleet tbody tr")).stream().filter(s -> !"unreachable".equals(s.getAttribute("data-status")))
          .count() == 3);
        assertThat(browser.find("#scope").getText()).contains("every worker of the cluster");
        assertThat(browser.screenshot("dashboard-gateway-three")).isGreaterThan(20);

        gamma.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        long killed = System.nanoTime();
        browser.until(NOTICE, "gamma unreachable within 3 s of being killed", d -> "unreachable".equals(fleetRow(browser, "gamma")
          .getAttribute("data-status")));
        System.out.println("dashboard: gamma unreachable " + (System.nanoTime() - killed) / 1_000_000 + " ms after the kill");
        assertThat(fleetRow(browser, "gamma").getText()).contains("no answer", "last seen");
        assertThat(browser.find("#not-healthy").getText()).contains("gamma (unreachable)");
        assertThat(fleetRow(browser, "alpha").getAttribute("data-status")).isNotEqualTo("unreachable");
        fleetRow(browser, "alpha").findElement(By.cssSelector("button.open")).click();
        browser.until(Duration.ofSeconds(10), "alpha's card, opened from its row", d -> workerCard(browser, "alpha").isDisplayed());
        ((JavascriptExecutor) browser.driver()).executeScript("arguments[0].scrollIntoView()", fleetRow(browser, "gamma"));
        assertThat(browser.screenshot("dashboard-gateway-one-killed")).isGreaterThan(20);

        gamma = WorkerProcess.start(env, new File("target/dashboard-gamma-again.log"), "run");
        browser.until(Duration.ofSeconds(90), "gamma back", d -> !"unreachable".equals(fleetRow(browser, "gamma")
          .getAttribute("data-status")));
        assertThat(browser.screenshot("dashboard-gateway-back")).isGreaterThan(20);
      }
    } finally {
      if (gamma != null) {
        gamma.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
      if (gateway != null) {
        gateway.stopAndWait(Duration.ofSeconds(30));
      }
      cluster.stopAll().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  private static WebElement fleetRow(Browser browser, String id) {
    return browser.find("#fleet tbody tr[data-worker='" + id + "']");
  }

  private static WebElement workerCard(Browser browser, String id) {
    return browser.find("section.worker[aria-label='worker " + id + "']");
  }

  private static List<String> checksShown(Browser browser) {
    return browser.driver().findElements(By.cssSelector("section.worker tbody tr[data-check]")).stream()
      .map(row -> row.getAttribute("data-check")).toList();
  }
}
