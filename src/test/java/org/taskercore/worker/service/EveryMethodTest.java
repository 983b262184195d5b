package org.taskercore.worker.service;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.taskercore.worker.service.config.ConfigQueryService;
import org.taskercore.worker.service.health.HealthService;
import org.taskercore.worker.service.metrics.MetricsQueryService;
import org.taskercore.worker.service.template.TemplateQueryService;
import org.taskercore.worker.support.WorkerUnderTest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(VertxExtension.class)
@DisplayName("Every method of every service answers through its proxy, at the shared and at the per-worker address")
class EveryMethodTest {

  @RegisterExtension
  static final WorkerUnderTest WORKER = WorkerUnderTest.forClass(c -> { });

  @ParameterizedTest(name = "{0} address")
  @ValueSource(strings = {"shared", "per-worker"})
  @DisplayName("each call succeeds with its shape")
  void everyMethod(String which, VertxTestContext ctx) {
    ServiceProxies proxies = which.equals("shared") ? WORKER.shared() : WORKER.own();
    HealthService health = proxies.health();
    MetricsQueryService metrics = proxies.metrics();
    TemplateQueryService templates = proxies.templates();
    ConfigQueryService config = proxies.config();

    Map<String, Future<?>> calls = new LinkedHashMap<>();
    calls.put("health.basic", health.basic().map(b -> b.toJson()));
    calls.put("health.live", health.live().map(b -> b.toJson()));
    calls.put("health.ready", health.ready().map(d -> d.toJson()));
    calls.put("health.detailed", health.detailed().map(d -> d.toJson()));
    calls.put("metrics.worker", metrics.worker().map(m -> m.toJson()));
    calls.put("metrics.events", metrics.events().map(m -> m.toJson()));
    calls.put("metrics.prometheus", metrics.prometheus());
    calls.put("metrics.openmetrics", metrics.openmetrics());
    calls.put("metrics.snapshot", metrics.snapshot());
    calls.put("templates.list", templates.list(true).map(t -> t.toJson()));
    calls.put("templates.get", templates.get("payments", "process_payment", "1.0.0").map(t -> t.toJson()));
    calls.put("templates.validate", templates.validate("payments", "process_payment", "1.0.0").map(t -> t.toJson()));
    calls.put("templates.cacheStats", templates.cacheStats().map(t -> t.toJson()));
    calls.put("templates.clearCache", templates.clearCache().map(t -> t.toJson()));
    calls.put("templates.maintainCache", templates.maintainCache().map(t -> t.toJson()));
    calls.put("templates.refresh", templates.refresh("payments", "process_payment", "1.0.0").map(t -> t.toJson()));
    calls.put("config.runtime", config.runtime().map(c -> c.toJson()));
    calls.put("config.environment", config.environment());

    Set<String> catalogue = new TreeSet<>();
    for (ServiceCatalog service : ServiceCatalog.values()) {
      service.methods().keySet().forEach(m -> catalogue.add(service.shortName() + "." + m));
    }
    assertEquals(catalogue, new TreeSet<>(calls.keySet()), "this test calls every method the services offer");

    Future.all(List.copyOf(calls.values())).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
      Map<String, Object> answers = new LinkedHashMap<>();
      calls.forEach((name, call) -> answers.put(name, call.result()));
      assertAnswers(answers);
      ctx.completeNow();
    })));
  }

  private static void assertAnswers(Map<String, Object> answers) {
    assertThat(((JsonObject) answers.get("health.basic")).getString("worker_id")).isEqualTo(WORKER.worker().workerId());
    assertThat((String) answers.get("metrics.prometheus")).contains("# TYPE tasker_worker_info gauge");
    assertThat((String) answers.get("metrics.openmetrics")).endsWith("# EOF\n");
    assertThat(((JsonObject) answers.get("metrics.snapshot")).getJsonArray("families")).isNotEmpty();
    assertThat(((JsonObject) answers.get("templates.validate")).getBoolean("valid")).isTrue();
    assertThat(((JsonObject) answers.get("templates.refresh")).getBoolean("success")).isTrue();
    assertThat(((JsonObject) answers.get("templates.maintainCache")).getString("operation")).isEqualTo("maintain");
    assertEquals("test", answers.get("config.environment"));
  }
}
