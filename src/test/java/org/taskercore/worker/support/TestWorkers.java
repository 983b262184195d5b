package org.taskercore.worker.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.WorkerBuilder;
import org.taskercore.worker.config.ConfigLoader;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/** Starts real workers on the shipped configuration (environment "test") with test overrides. */
public final class TestWorkers {

  private static final Duration START_BOUND = Duration.ofSeconds(30);

  private TestWorkers() {
  }

  /** A loader on conf/ for the test environment, with a unique worker id and no HTTP. */
  public static ConfigLoader loader() {
    return new ConfigLoader().environment("test").env(Map.of())
      .set("worker.worker_id", "test-" + UUID.randomUUID().toString().substring(0, 8))
      .set("worker.web.enabled", false)
      .set("worker.health.drain_delay_ms", 0);
  }

  /** A started worker as a future, for tests on {@code VertxExtension}. */
  public static Future<TaskerWorker> starting(Consumer<ConfigLoader> overrides) {
    return starting(overrides, b -> { });
  }

  /** A started worker as a future, with the builder adjusted too (host checks, handlers). */
  public static Future<TaskerWorker> starting(Consumer<ConfigLoader> overrides, Consumer<WorkerBuilder> builder) {
    return builder(overrides, builder).start();
  }

  /** A started worker, for tests of blocking APIs (the facade's blocking form, the CLI, benchmarks). */
  public static TaskerWorker start(Consumer<ConfigLoader> overrides) {
    return builder(overrides, b -> { }).startAndWait(START_BOUND);
  }

  /** The same on a host's Vert.x ({@code null}: its own). */
  public static TaskerWorker start(Vertx vertx, Consumer<ConfigLoader> overrides, Consumer<WorkerBuilder> builder) {
    return builder(overrides, b -> {
      if (vertx != null) {
        b.vertx(vertx);
      }
      builder.accept(b);
    }).startAndWait(START_BOUND);
  }

  private static WorkerBuilder builder(Consumer<ConfigLoader> overrides, Consumer<WorkerBuilder> adjust) {
    ConfigLoader loader = loader();
    overrides.accept(loader);
    WorkerBuilder builder = TaskerWorker.builder().configLoader(loader).withSamples();
    adjust.accept(builder);
    return builder;
  }
}
