package org.taskercore.worker.observability;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.config.ConfigException;
import org.taskercore.worker.service.config.ConfigQueryService;
import org.taskercore.worker.service.health.HealthService;
import org.taskercore.worker.service.metrics.MetricsQueryService;
import org.taskercore.worker.service.template.TemplateQueryService;
import org.taskercore.worker.service.ServiceProxies;
import org.taskercore.worker.support.TestWorkers;
import org.taskercore.worker.support.WorkerUnderTest;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
@DisplayName("The Observability facade: the proxies' data, async and blocking, never a throw from isReady")
class ObservabilityTest {

  private static final Duration BOUND = Duration.ofSeconds(20);

  @RegisterExtension
  final WorkerUnderTest workers = WorkerUnderTest.perTest();

  @Test
  @DisplayName("every async facade method answers what the proxy answers")
  void asyncSameAsProxies(VertxTestContext ctx) {
    workers.start(c -> c.set("worker.health.cache_ttl_ms", 60_000)).compose(worker -> {
      Observability facade = Observability.of(worker);
      String id = worker.workerId();
      ServiceProxies own = workers.own();
      HealthService health = own.health();
      MetricsQueryService metrics = own.metrics();
      TemplateQueryService templates = own.templates();
      ConfigQueryService config = own.config();
      List<Future<?>> pairs = List.of(
        same(ctx, facade.healthBasic().map(b -> b.getWorkerId()), health.basic().map(b -> b.getWorkerId())),
        same(ctx, facade.healthLive().map(b -> b.getStatus()), health.live().map(b -> b.getStatus())),
        same(ctx, facade.healthReady().map(d -> d.getChecks().keySet()), health.ready().map(d -> d.getChecks().keySet())),
        same(ctx, facade.healthDetailed().map(d -> d.getChecks().keySet()), health.detailed().map(d -> d.getChecks().keySet())),
        same(ctx, facade.metricsWorker().map(m -> m.getMetrics().keySet()), metrics.worker().map(m -> m.getMetrics().keySet())),
        same(ctx, facade.metricsEvents().map(e -> e.getRouter().toJson()), metrics.events().map(e -> e.getRouter().toJson())),
        same(ctx, facade.templatesList(false).map(l -> l.toJson()), templates.list(false).map(l -> l.toJson())),
        same(ctx, facade.templateGet("payments", "process_payment", "1.0.0").map(t -> t.getTemplate()),
          templates.get("payments", "process_payment", "1.0.0").map(t -> t.getTemplate())),
        same(ctx, facade.templateValidate("inventory", "fulfil_order", "1.0.0").map(v -> v.toJson()),
          templates.validate("inventory", "fulfil_order", "1.0.0").map(v -> v.toJson())),
        same(ctx, facade.configRuntime().map(c -> c.getWorker()), config.runtime().map(c -> c.getWorker())),
        same(ctx, facade.configEnvironment(), config.environment()),
        facade.isReady().onComplete(ctx.succeeding(ready -> ctx.verify(() -> assertTrue(ready)))),
        facade.metricsPrometheus().onComplete(ctx.succeeding(text -> ctx.verify(() -> assertThat(text).contains("tasker_worker_info")))),
        facade.templateGet("a", "b", "1.0.0").transform(missing -> {
          ctx.verify(() -> {
            assertTrue(missing.failed());
            assertEquals(404, ((ObservabilityException) missing.cause()).code());
          });
          return Future.succeededFuture();
        }),
        Observability.anyWorker(worker.vertx(), Duration.ofSeconds(2)).healthBasic()
          .onComplete(ctx.succeeding(basic -> ctx.verify(() -> assertEquals(id, basic.getWorkerId())))));
      return Future.all(pairs);
    }).onComplete(ctx.succeedingThenComplete());
  }

  private static <T> Future<?> same(VertxTestContext ctx, Future<T> fromFacade, Future<T> fromProxy) {
    return Future.all(fromFacade, fromProxy).onComplete(ctx.succeeding(both -> ctx.verify(() ->
      assertEquals(fromProxy.result(), fromFacade.result()))));
  }

  @Test
  @DisplayName("the blocking form returns each value or throws ObservabilityException with its code")
  void blockingForm() {
    TaskerWorker worker = TestWorkers.start(c -> { });
    try {
      BlockingObservability blocking = Observability.of(worker).blocking();
      assertEquals(worker.workerId(), blocking.healthBasic().getWorkerId());
      assertEquals("alive", blocking.healthLive().getStatus());
      assertEquals("healthy", blocking.healthReady().getStatus());
      assertThat(blocking.healthDetailed().getChecks()).containsKey("template_cache");
      assertTrue(blocking.isReady());
      assertTrue(blocking.isAlive());
      assertThat(blocking.metricsWorker().getMetrics()).isNotEmpty();
      assertThat(blocking.metricsEvents().getWorkerId()).isEqualTo(worker.workerId());
      assertThat(blocking.metricsPrometheus()).contains("tasker_worker_info");
      assertEquals(3, blocking.templatesList(false).getTemplateCount());
      assertEquals("process_payment", blocking.templateGet("payments", "process_payment", "1.0.0").getTemplate().getString("name"));
      assertTrue(blocking.templateValidate("inventory", "fulfil_order", "1.0.0").isValid());
      assertThat(blocking.cacheStats().getTotalEntries()).isGreaterThanOrEqualTo(1);
      assertEquals("clear", blocking.clearCache().getOperation());
      assertEquals("maintain", blocking.maintainCache().getOperation());
      assertFalse(blocking.templateRefresh("payments", "nothing", "1.0.0").isSuccess());
      assertThat(blocking.configRuntime().getWorker()).isNotNull();
      assertEquals("test", blocking.configEnvironment());

      ObservabilityException missing = assertThrows(ObservabilityException.class,
        () -> blocking.templateGet("payments", "nothing", "1.0.0"));
      assertEquals(404, missing.code());
      assertEquals("template not found: payments/nothing/1.0.0", missing.getMessage());
    } finally {
      worker.stopAndWait(BOUND);
    }
  }

  @Test
  @DisplayName("isReady is false before start and after stop, true while running; other calls say the worker is not running")
  void readinessAcrossLifecycle() throws Exception {
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
      worker.stopAndWait(BOUND);
      assertFalse(before.isReady());
      assertFalse(Observability.of(worker).blocking().isReady(), "the facade of a stopped worker answers false too");
    } finally {
      host.close().await(20, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("the blocking form times out cleanly with 504 'timed out after N ms'")
  void blockingTimeout() {
    TaskerWorker worker = TestWorkers.start(null, c -> c.set("worker.health.check_timeout_ms", 30_000),
      b -> b.healthCheck("stuck", false, promise -> { }));
    try {
      BlockingObservability blocking = Observability.forWorker(worker.vertx(), worker.workerId(), Duration.ofMillis(300)).blocking();
      ObservabilityException timedOut = assertThrows(ObservabilityException.class, blocking::healthDetailed);
      assertEquals(504, timedOut.code());
      assertEquals("timed out after 300 ms", timedOut.getMessage());
      assertTrue(blocking.isAlive(), "the other calls still answer");
    } finally {
      worker.stopAndWait(BOUND);
    }
  }

  @Test
  @DisplayName("an invalid configuration fails the start with one clear exception message")
  void invalidConfiguration() {
    ConfigException e = assertThrows(ConfigException.class, () -> TaskerWorker.library()
      .configLoader(TestWorkers.loader().set("worker.steps.max_concurrency", "many"))
      .startAndWait(BOUND));
    assertThat(e.getMessage()).isEqualTo("values set in code: key 'worker.steps.max_concurrency': expected a whole number, got \"many\"");
  }
}
