package org.taskercore.worker.tracing;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.service.health.HealthCheckResult;
import org.taskercore.worker.service.health.HealthService;
import org.taskercore.worker.support.TestWorkers;
import org.taskercore.worker.support.Waits;
import org.taskercore.worker.support.ZipkinServer;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.taskercore.worker.tracing.Traces.named;
import static org.taskercore.worker.tracing.Traces.only;
import static org.taskercore.worker.tracing.Traces.tag;

/** A failing check refreshed outside any caller's trace: one trace per verdict, not one per refresh. */
@DisplayName("Tracing checks: an unchanged failure keeps the trace it was recorded in; a new verdict records a new one")
class CheckTraceTest {

  private static final AtomicReference<String> WHY = new AtomicReference<>("payment gateway refuses connections");

  private static ZipkinServer zipkin;
  private static TaskerWorker worker;

  @BeforeAll
  static void start() {
    zipkin = ZipkinServer.shared();
    worker = TestWorkers.start(null, c -> {
      Traces.zipkinExport(c, zipkin, "tasker-checks");
      c.set("worker.health.cache_ttl_ms", 50);
    }, b -> b.healthCheck("payment_gateway", false, p -> p.complete(Status.KO(new JsonObject().put("message", WHY.get())))));
  }

  @AfterAll
  static void stop() {
    if (worker != null) {
      worker.stopAndWait(Duration.ofSeconds(30));
    }
  }

  @Test
  @DisplayName("refreshed every 50 ms, a failing check names one trace until its message changes, and each trace holds its error span")
  void oneTracePerVerdict() throws Exception {
    // The proxy is called outside any span, so every run here is a background-style one.
    HealthService health = HealthService.createProxy(worker.vertx(), HealthService.ADDRESS, 5_000);
    Set<String> runs = new LinkedHashSet<>();
    Set<String> traces = new LinkedHashSet<>();
    Waits.await("five runs of the failing check").atMost(Duration.ofSeconds(30)).until(() -> {
      HealthCheckResult check = gateway(health);
      runs.add(check.getLastChecked());
      traces.add(String.valueOf(check.getTraceId()));
      return runs.size() >= 5;
    });
    assertThat(traces).as("one trace across " + runs.size() + " runs").hasSize(1);
    String first = traces.iterator().next();
    assertThat(first).matches("[0-9a-f]{32}");

    WHY.set("payment gateway answers 503");
    HealthCheckResult changed = Waits.await("the new verdict").atMost(Duration.ofSeconds(30))
      .until(() -> gateway(health), check -> check.getMessage().equals(WHY.get()));
    assertThat(changed.getTraceId()).as("a new verdict is a new trace").matches("[0-9a-f]{32}").isNotEqualTo(first);

    for (String traceId : new String[] {first, changed.getTraceId()}) {
      JsonObject span = only(zipkin.awaitTrace(traceId, "the check's span", spans -> spans.stream()
        .anyMatch(named("check payment_gateway"))), "the check's span", named("check payment_gateway"));
      assertThat(tag(span, "error")).isNotNull();
      assertThat(span.getString("parentId")).as("a root span of its own").isNull();
    }
  }

  private static HealthCheckResult gateway(HealthService health) throws Exception {
    return health.detailed().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).getChecks()
      .get("payment_gateway");
  }
}
