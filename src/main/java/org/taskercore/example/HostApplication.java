package org.taskercore.example;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.core.StepContext;
import org.taskercore.worker.core.StepHandler;
import org.taskercore.worker.observability.BlockingObservability;
import org.taskercore.worker.observability.Observability;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A host application embedding a worker in library mode: no HTTP server, no port. It registers
 * a handler of its own, runs a few tasks, and reads the worker's health, event counters and
 * templates through the typed facade, printing each as JSON. Run it with scripts/library-example.
 */
public final class HostApplication {

  private HostApplication() {
  }

  public static void main(String[] args) {
    System.exit(run(System.out, () -> { }));
  }

  /**
   * Runs the example and prints its report to {@code out}.
   *
   * @param whileRunning called while the worker is up (a test looks at the process's sockets)
   * @return 0 when the worker was ready and every task completed
   */
  public static int run(PrintStream out, Runnable whileRunning) {
    AtomicInteger audited = new AtomicInteger();
    TaskerWorker worker = TaskerWorker.library().withSamples()
      .set("worker.worker_id", "example-host")
      .set("worker.demo.enabled", false)
      .set("worker.health.drain_delay_ms", 0)
      .set("worker.templates.search_paths", new JsonArray().add("conf/templates/**/*.yaml").add("examples/templates/**/*.yaml"))
      .handler(new AuditOrder(audited))
      .startAndWait(Duration.ofSeconds(60));
    try {
      BlockingObservability observability = Observability.of(worker).blocking();
      boolean ready = observability.isReady();
      int completed = 0;
      List<String> tasks = List.of("example/audit_order/1.0.0", "payments/process_payment/1.0.0", "inventory/fulfil_order/1.0.0");
      for (String task : tasks) {
        JsonObject result = worker.runTaskAndWait(task, new JsonObject().put("order_id", 42).put("amount", 12.5),
          Duration.ofSeconds(30));
        completed += "complete".equals(result.getString("status")) ? 1 : 0;
      }
      whileRunning.run();
      out.println(new JsonObject()
        .put("ready", ready)
        .put("tasks_completed", completed)
        .put("audited_in_host", audited.get())
        .put("health", observability.healthDetailed().toJson())
        .put("event_stats", observability.metricsEvents().toJson())
        .put("templates", observability.templatesList(false).toJson())
        .encodePrettily());
      return ready && completed == tasks.size() ? 0 : 1;
    } finally {
      worker.stopAndWait(Duration.ofSeconds(30));
    }
  }

  /** A step handler written by the host: counts the orders it audits. */
  static final class AuditOrder implements StepHandler {
    private final AtomicInteger audited;

    AuditOrder(AtomicInteger audited) {
      this.audited = audited;
    }

    @Override
    public String callable() {
      return "example.AuditOrder";
    }

    @Override
    public Future<JsonObject> handle(StepContext context) {
      audited.incrementAndGet();
      return Future.succeededFuture(new JsonObject().put("audited_order", context.input().getValue("order_id")));
    }
  }
}
