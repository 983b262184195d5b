package org.taskercore.worker.service;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.service.metrics.MetricValue;
import org.taskercore.worker.service.metrics.MetricsResponse;
import org.taskercore.worker.service.metrics.MetricsQueryService;
import org.taskercore.worker.support.Await;
import org.taskercore.worker.support.TestWorkers;
import org.taskercore.worker.templates.TemplateKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("MetricsQueryService through its proxy")
class MetricsServiceTest {

  static TaskerWorker worker;

  @BeforeAll
  static void start() {
    worker = TestWorkers.start(c -> { });
  }

  @AfterAll
  static void stop() {
    Await.result(worker.stop());
  }

  @Test
  @DisplayName("worker(): the tasker_* series, counters moved by the steps that ran, at both addresses")
  void workerSeries() {
    Await.result(worker.tasks().run(TemplateKey.parse("inventory/fulfil_order/1.0.0"), new JsonObject()));
    for (String address : new String[] {MetricsQueryService.ADDRESS, MetricsQueryService.addressOf(worker.workerId())}) {
      MetricsResponse response = Await.result(MetricsQueryService.createProxy(worker.vertx(), address, 5_000).worker());
      assertEquals(worker.workerId(), response.getWorkerId());
      MetricValue steps = response.getMetrics().get("tasker_worker_steps_total{namespace=\"inventory\",outcome=\"success\"}");
      assertThat(steps).as(response.getMetrics().keySet().toString()).isNotNull();
      assertEquals(4.0, steps.getValue());
      assertEquals("counter", steps.getMetricType());
      assertEquals("inventory", steps.getLabels().get("namespace"));
      assertThat(response.getMetrics()).containsKey("tasker_worker_step_duration_seconds_count{namespace=\"inventory\"}");
      assertThat(response.getMetrics().keySet()).anyMatch(k -> k.startsWith("tasker_worker_info{"));
    }
  }

  @Test
  @DisplayName("prometheus() and openmetrics(): the whole registry in each format")
  void scrape() {
    MetricsQueryService proxy = MetricsQueryService.createProxy(worker.vertx(), MetricsQueryService.ADDRESS, 5_000);
    String text = Await.result(proxy.prometheus());
    assertThat(text).contains("# TYPE tasker_worker_steps_total counter", "tasker_worker_uptime_seconds",
      "vertx_eventbus_", "jvm_memory_used_bytes");
    String open = Await.result(proxy.openmetrics());
    assertThat(open.strip()).endsWith("# EOF");
  }
}
