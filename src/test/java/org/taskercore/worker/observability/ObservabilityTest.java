package org.taskercore.worker.observability;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.config.ConfigException;
import org.taskercore.worker.service.config.ConfigQueryService;
import org.taskercore.worker.service.health.HealthService;
import org.taskercore.worker.service.metrics.MetricsQueryService;
import org.taskercore.worker.service.template.TemplateQueryService;
import org.taskercore.worker.support.Await;
import org.taskercore.worker.support.TestWorkers;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The Observability facade: the proxies' data, async and blocking, never a throw from isReady")
class ObservabilityTest {

  @Test
  @DisplayName("every facade method returns what the proxy returns")
  void sameDataAsProxies() {
    TaskerWorker worker = TestWorkers.start(c -> c.set("worker.health.cache_ttl_ms", 60_000));
    try {
      Observability async = Observability.of(worker);
      BlockingObservability blocking = async.blocking();
      String id = worker.workerId();
      HealthService health = HealthService.createProxy(worker.vertx(), HealthService.addressOf(id), 5_000);
      MetricsQueryService metrics = MetricsQueryService.createProxy(worker.vertx(), MetricsQueryService.addressOf(id), 5_000);
      TemplateQueryService templates = TemplateQueryService.createProxy(worker.vertx(), TemplateQueryService.addressOf(id), 5_000);
      ConfigQueryService config = ConfigQueryService.createProxy(worker.vertx(), ConfigQueryService.addressOf(id), 5_000);

      assertEquals(Await.result(health.basic()).getWorkerId(), blocking.healthBasic().getWorkerId());
      assertEquals("alive", blocking.healthLive().getStatus());
      assertEquals(Await.result(health.ready()).getChecks().keySet(), blocking.healthReady().getChecks().keySet());
      assertEquals(Await.result(health.detailed()).getChecks().keySet(), Await.result(async.healthDetailed()).getChecks().keySet());
      assertTrue(blocking.isReady());
      assertTrue(blocking.isAlive());
      assertThat(blocking.metricsWorker().getMetrics().keySet()).isEqualTo(Await.result(metrics.worker()).getMetrics().keySet());
      assertEquals(Await.result(metrics.events()).getRouter().toJson(), blocking.metricsEvents().getRouter().toJson());
      assertThat(blocking.metricsPrometheus()).contains("tasker_worker_info");
      assertEquals(Await.result(templates.list(false)).toJson(), blocking.templatesList(false).toJson());
      assertEquals(Await.result(templates.get("payments", "process_payment", "1.0.0")).getTemplate(),
        blocking.templateGet("payments", "process_payment", "1.0.0").getTemplate());
      assertEquals(Await.result(templates.validate("inventory", "fulfil_order", "1.0.0")).toJson(),
        blocking.templateValidate("inventory", "fulfil_order", "1.0.0").toJson());
      assertEquals(Await.result(templates.cacheStats()).getTotalEntries(), blocking.cacheStats().getTotalEntries());
      assertEquals("clear", blocking.clearCache().getOperation());
      assertFalse(blocking.templateRefresh("payments", "nothing", "1.0.0").isSuccess());
      assertEquals(Await.result(config.runtime()).getWorker(), blocking.configRuntime().getWorker());
      assertEquals("test", blocking.configEnvironment());

      ObservabilityException missing = assertThrows(ObservabilityException.class,
        () -> blocking.templateGet("payments", "nothing", "1.0.0"));
      assertEquals(404, missing.code());
      assertEquals("template not found: payments/nothing/1.0.0", missing.getMessage());
      ObservabilityException asyncMissing = (ObservabilityException) Await.failure(async.templateGet("a", "b", "1.0.0"));
      assertEquals(404, asyncMissing.code());

      Observability any = Observability.anyWorker(worker.vertx(), Duration.ofSeconds(2));
      assertEquals(id, Await.result(any.healthBasic()).getWorkerId());
    } finally {
      Await.result(worker.stop());
    }
  }

  @Test
  @DisplayName("isReady is false before start and after stop, true while running; other calls say the worker is not running")
  void readinessAcrossLifecycle() {
    Vertx host = Vertx.vertx();
    try {
      BlockingObservability before = Observability.forWorker(host, "lifecycle-worker", Duration.ofSeconds(2)).blocking();
      assertFalse(before.isReady());
      assertFalse(before.isAlive());
      ObservabilityException notRunning = assertThrows(ObservabilityException.class, before::healthBasic);
      assertEquals(503, notRunning.code());
      assertThat(notRunning.getMessage()).startsWith("Worker system not running");

      TaskerWorker worker = TestWorkers.start(host, c -> c.set("worker.worker_id", "lifecycle-worker"), b -> { });
      assertTrue(before.isReady());
      worker.stopAndWait(Duration.ofSeconds(20));
      assertFalse(before.isReady());
      assertFalse(Observability.of(worker).blocking().isReady(), "the facade of a stopped worker answers false too");
    } finally {
      Await.result(host.close());
    }
  }

  @Test
  @DisplayName("the blocking form times out cleanly with 504 'timed out after N ms'")
  void blockingTimeout() {
    TaskerWorker worker = TestWorkers.start(null, c -> c.set("worker.health.check_timeout_ms", 30_000), b -> b.healthCheck("stuck", false, promise -> { }));
    try {
      BlockingObservability blocking = Observability.forWorker(worker.vertx(), worker.workerId(), Duration.ofMillis(300)).blocking();
      ObservabilityException timedOut = assertThrows(ObservabilityException.class, blocking::healthDetailed);
      assertEquals(504, timedOut.code());
      assertEquals("timed out after 300 ms", timedOut.getMessage());
      assertTrue(blocking.isAlive(), "the other calls still answer");
    } finally {
      Await.result(worker.stop());
    }
  }

  @Test
  @DisplayName("an invalid configuration fails the start with one clear exception message")
  void invalidConfiguration() {
    ConfigException e = assertThrows(ConfigException.class, () -> TaskerWorker.library()
      .configLoader(TestWorkers.loader().set("worker.steps.max_concurrency", "many"))
      .startAndWait(Duration.ofSeconds(20)));
    assertThat(e.getMessage()).isEqualTo("values set in code: key 'worker.steps.max_concurrency': expected a whole number, got \"many\"");
  }
}
