package org.taskercore.worker.support;

import io.vertx.core.Future;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.WorkerBuilder;
import org.taskercore.worker.config.ConfigLoader;
import org.taskercore.worker.service.ServiceProxies;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A real worker started and stopped by JUnit, beside {@code VertxExtension}, with its services'
 * generated proxies. One worker for a whole class:
 * {@code @RegisterExtension static final WorkerUnderTest WORKER = WorkerUnderTest.forClass(c -> …)};
 * or each test starts its own with {@link #start}:
 * {@code @RegisterExtension final WorkerUnderTest workers = WorkerUnderTest.perTest()}, and
 * whatever a test started is stopped after it, whether the test passed or not.
 */
public final class WorkerUnderTest implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {

  private static final long PROXY_TIMEOUT_MS = 5_000;
  private static final Duration STOP_BOUND = Duration.ofSeconds(30);

  private final Consumer<ConfigLoader> classOverrides;
  private final List<TaskerWorker> started = new ArrayList<>();
  private volatile TaskerWorker latest;

  private WorkerUnderTest(Consumer<ConfigLoader> classOverrides) {
    this.classOverrides = classOverrides;
  }

  /** One worker on the shipped test configuration with {@code overrides}, for every test of the class. */
  public static WorkerUnderTest forClass(Consumer<ConfigLoader> overrides) {
    return new WorkerUnderTest(overrides);
  }

  /** No worker until a test starts one; each is stopped after its test. */
  public static WorkerUnderTest perTest() {
    return new WorkerUnderTest(null);
  }

  public Future<TaskerWorker> start(Consumer<ConfigLoader> overrides) {
    return start(overrides, b -> { });
  }

  /** Starts a worker, the builder adjusted too (host checks, handlers); it becomes {@link #worker()}. */
  public Future<TaskerWorker> start(Consumer<ConfigLoader> overrides, Consumer<WorkerBuilder> builder) {
    return TestWorkers.starting(overrides, builder).onSuccess(this::started);
  }

  /** The worker started last. */
  public TaskerWorker worker() {
    return latest;
  }

  /** Its services at the shared addresses (any worker may answer). */
  public ServiceProxies shared() {
    return ServiceProxies.of(latest.vertx(), null, PROXY_TIMEOUT_MS);
  }

  /** Its services at its own addresses. */
  public ServiceProxies own() {
    return ServiceProxies.of(latest.vertx(), latest.workerId(), PROXY_TIMEOUT_MS);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (classOverrides != null) {
      started(TestWorkers.start(null, classOverrides, b -> { }));
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (classOverrides == null) {
      stopAll();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stopAll();
  }

  private synchronized void started(TaskerWorker worker) {
    started.add(worker);
    latest = worker;
  }

  private synchronized void stopAll() {
    started.forEach(worker -> worker.stopAndWait(STOP_BOUND));
    started.clear();
    latest = null;
  }
}
