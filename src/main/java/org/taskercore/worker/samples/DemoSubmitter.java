package org.taskercore.worker.samples;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.taskercore.worker.tasks.TaskRunner;
import org.taskercore.worker.tasks.TemplateKey;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Demo mode: keeps submitting the sample tasks, every few with a failing, flaky or slow step, so
 * every number the observability layer shows keeps moving.
 */
public final class DemoSubmitter extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(DemoSubmitter.class);

  private final TaskRunner runner;
  private final List<TemplateKey> templates;
  private final long intervalMs;
  private final AtomicLong submitted = new AtomicLong();
  private long timer = -1;

  public DemoSubmitter(TaskRunner runner, List<TemplateKey> templates, long intervalMs) {
    this.runner = runner;
    this.templates = List.copyOf(templates);
    this.intervalMs = intervalMs;
  }

  @Override
  public Future<?> start() {
    if (templates.isEmpty()) {
      LOG.warn("demo mode is on but no template is served; nothing to submit");
    } else {
      timer = vertx.setPeriodic(intervalMs, intervalMs, t -> submitOne());
      LOG.info("demo mode: submitting a sample task every {} ms", intervalMs);
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  private void submitOne() {
    long n = submitted.incrementAndGet();
    TemplateKey key = templates.get((int) (n % templates.size()));
    JsonObject input = inputFor(n);
    runner.run(key, input).onComplete(ar -> {
      if (ar.failed()) {
        LOG.warn("demo task {} not run: {}", key, ar.cause().getMessage());
        return;
      }
      JsonObject result = ar.result();
      LOG.info("demo task {} {} {} in {} ms ({} steps)", key, result.getString("task_uuid"),
        result.getString("status"), result.getLong("duration_ms"), result.getJsonArray("steps").size());
    });
  }

  /** Every 5th task fails a step, every 7th has a flaky step, every 11th a slow one. */
  static JsonObject inputFor(long n) {
    JsonObject input = new JsonObject().put("order_id", n).put("amount", 10 + n % 90);
    if (n % 5 == 0) {
      input.put("fail_steps", new JsonArray().add("charge_card").add("pick_items").add("deliver"));
    }
    if (n % 7 == 0) {
      input.put("flaky_steps", new JsonObject().put("reserve_stock", 1).put("validate_order", 1).put("render", 1));
    }
    if (n % 11 == 0) {
      input.put("slow_steps", new JsonObject().put("ship_order", 300).put("send_receipt", 300).put("deliver", 300));
    }
    return input;
  }
}
