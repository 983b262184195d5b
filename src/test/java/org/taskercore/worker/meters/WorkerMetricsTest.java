package org.taskercore.worker.meters;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.service.metrics.MetricValue;
import org.taskercore.worker.service.metrics.MetricsQueryService;
import org.taskercore.worker.support.Http;
import org.taskercore.worker.support.HttpWorker;
import org.taskercore.worker.support.Promtool;
import org.taskercore.worker.tasks.TemplateKey;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(VertxExtension.class)
@DisplayName("The worker's metrics: exact counts, and a scrape promtool accepts")
class WorkerMetricsTest {

  static Vertx client;
  static TaskerWorker worker;
  static WebClient http;

  @BeforeAll
  static void start(Vertx vertx, VertxTestContext ctx) {
    client = vertx;
    HttpWorker.starting(vertx, c -> { }).onComplete(ctx.succeeding(started -> {
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
  @DisplayName("counters move by exactly what known tasks did")
  void exactCounts(VertxTestContext ctx) {
    series().compose(before -> worker.tasks().run(TemplateKey.parse("inventory/fulfil_order/1.0.0"), new JsonObject())
        .compose(v -> worker.tasks().run(TemplateKey.parse("payments/process_payment/1.0.0"),
          new JsonObject().put("fail_steps", new JsonArray().add("charge_card"))))
        .compose(v -> series())
        .onComplete(ctx.succeeding(after -> ctx.verify(() -> {
          assertDelta(before, after, "tasker_worker_steps_total{namespace=\"inventory\",outcome=\"success\"}", 4);
          assertDelta(before, after, "tasker_worker_steps_total{namespace=\"payments\",outcome=\"success\"}", 1);
          assertDelta(before, after, "tasker_worker_steps_total{namespace=\"payments\",outcome=\"failure\"}", 1);
          assertDelta(before, after, "tasker_worker_steps_total{namespace=\"payments\",outcome=\"timeout\"}", 0);
          assertDelta(before, after, "tasker_worker_handler_steps_total{handler=\"payments.ChargeCard\",outcome=\"failure\"}", 1);
          assertDelta(before, after, "tasker_worker_handler_steps_total{handler=\"inventory.PickItems\",outcome=\"success\"}", 1);
          assertDelta(before, after, "tasker_worker_step_duration_seconds_count{namespace=\"inventory\"}", 4);
          assertDelta(before, after, "tasker_domain_events_routed_total{mode=\"fast\"}", 1);       // order.shipped
          assertDelta(before, after, "tasker_domain_events_routed_total{mode=\"broadcast\"}", 1);  // payment.failed
          assertDelta(before, after, "tasker_domain_events_routed_total{mode=\"durable\"}", 0);
          double lookups = delta(before, after, "tasker_template_cache_requests_total{result=\"hit\"}")
            + delta(before, after, "tasker_template_cache_requests_total{result=\"miss\"}");
          assertEquals(2 + 6, lookups, "one lookup per task run, one per executed step");
          assertEquals(0, after.get("tasker_worker_queue_depth{namespace=\"payments\"}").getValue());
          assertEquals(0, after.get("tasker_worker_circuit_breaker_state{handler=\"payments.ChargeCard\"}").getValue(),
            "one failure leaves the breaker closed");
          ctx.completeNow();
        }))));
  }

  @Test
  @DisplayName("the scrape after a busy run has no parse error and no lint finding in the worker's families")
  void promtoolAcceptsTheScrape(VertxTestContext ctx) {
    Future<?> busy = Future.succeededFuture();
    for (int i = 0; i < 5; i++) {
      int n = i;
      busy = busy.compose(v -> worker.tasks().run(TemplateKey.parse("notifications/send_notification/1.0.0"),
          new JsonObject().put("fail_steps", new JsonArray().add(n % 2 == 0 ? "deliver" : "none"))))
        .compose(v -> Http.all(List.of(http.get("/health/detailed"), http.get("/workers/caller-chosen-" + n + "/health"))));
    }
    busy.compose(v -> Http.all(List.of(http.get("/metrics"), http.get("/cluster/metrics"),
        http.get("/metrics").putHeader("Accept", "application/openmetrics-text"))))
      // promtool is a process: run it off the event loop.
      .compose(r -> client.executeBlocking(() -> {
        String scrape = r.get(0).bodyAsString();
        assertThat(scrape).contains("vertx_http_server_requests_total", "vertx_eventbus_", "jvm_memory_used_bytes",
          "tasker_worker_health_check_status{check=\"database\"}");
        assertThat(scrape).as("a caller-chosen worker id never becomes a label value").doesNotContain("caller-chosen-");
        Promtool.assertOnlyKnownFindings(scrape);
        Promtool.assertOnlyKnownFindings(r.get(1).bodyAsString());
        assertThat(r.get(2).bodyAsString()).contains("# TYPE tasker_worker_steps counter").endsWith("# EOF\n");
        return null;
      }))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("/metrics/worker and the scrape give the same value for the same series")
  void sameMeters(VertxTestContext ctx) {
    series().compose(json -> http.get("/metrics").send().onComplete(ctx.succeeding(response -> ctx.verify(() -> {
      String scrape = response.bodyAsString();
      for (String key : List.of("tasker_worker_steps_total{namespace=\"inventory\",outcome=\"success\"}",
        "tasker_template_cache_evictions_total")) {
        String line = scrape.lines().filter(l -> l.startsWith(key + " ")).findFirst().orElseThrow(() -> new AssertionError(key));
        assertEquals(json.get(key).getValue(), Double.parseDouble(line.substring(key.length() + 1)), 0.0, key);
      }
      ctx.completeNow();
    }))));
  }

  static Future<Map<String, MetricValue>> series() {
    return MetricsQueryService.createProxy(worker.vertx(), MetricsQueryService.ADDRESS, 5_000).worker().map(r -> r.getMetrics());
  }

  static double delta(Map<String, MetricValue> before, Map<String, MetricValue> after, String key) {
    assertThat(after).as("series " + key).containsKey(key);
    return after.get(key).getValue() - (before.containsKey(key) ? before.get(key).getValue() : 0);
  }

  static void assertDelta(Map<String, MetricValue> before, Map<String, MetricValue> after, String key, double expected) {
    assertEquals(expected, delta(before, after, key), key);
  }
}
