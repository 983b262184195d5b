package org.taskercore.worker.service;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.taskercore.worker.service.metrics.MetricValue;
import org.taskercore.worker.service.metrics.MetricsQueryService;
import org.taskercore.worker.support.WorkerUnderTest;
import org.taskercore.worker.tasks.TemplateKey;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(VertxExtension.class)
@DisplayName("MetricsQueryService through its proxy")
class MetricsServiceTest {

  @RegisterExtension
  static final WorkerUnderTest WORKER = WorkerUnderTest.forClass(c -> { });

  @Test
  @DisplayName("worker(): the tasker_* series, counters moved by the steps that ran, at both addresses")
  void workerSeries(VertxTestContext ctx) {
    WORKER.worker().tasks().run(TemplateKey.parse("inventory/fulfil_order/1.0.0"), new JsonObject())
      .compose(ran -> Future.all(List.of(WORKER.shared(), WORKER.own()).stream()
        .map(proxies -> proxies.metrics().worker()
          .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
            assertEquals(WORKER.worker().workerId(), response.getWorkerId());
            MetricValue steps = response.getMetrics().get("tasker_worker_steps_total{namespace=\"inventory\",outcome=\"success\"}");
            assertThat(steps).as(response.getMetrics().keySet().toString()).isNotNull();
            assertEquals(4.0, steps.getValue());
            assertEquals("counter", steps.getMetricType());
            assertEquals("inventory", steps.getLabels().get("namespace"));
            assertThat(response.getMetrics()).containsKey("tasker_worker_step_duration_seconds_count{namespace=\"inventory\"}");
            assertThat(response.getMetrics().keySet()).anyMatch(k -> k.startsWith("tasker_worker_info{"));
          })))).toList()))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("prometheus() and openmetrics(): the whole registry in each format")
  void scrape(VertxTestContext ctx) {
    MetricsQueryService proxy = WORKER.shared().metrics();
    proxy.prometheus().onComplete(ctx.succeeding(text -> ctx.verify(() ->
        assertThat(text).contains("# TYPE tasker_worker_steps_total counter", "tasker_worker_uptime_seconds",
          "vertx_eventbus_", "jvm_memory_used_bytes"))))
      .compose(v -> proxy.openmetrics())
      .onComplete(ctx.succeeding(open -> ctx.verify(() -> {
        assertThat(open.strip()).endsWith("# EOF");
        ctx.completeNow();
      })));
  }
}
