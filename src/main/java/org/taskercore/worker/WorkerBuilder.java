package org.taskercore.worker;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.taskercore.worker.cluster.ClusterHealthCheck;
import org.taskercore.worker.cluster.ClusterNode;
import org.taskercore.worker.config.ConfigLoader;
import org.taskercore.worker.config.TaskerConfig;
import org.taskercore.worker.core.HandlerRegistry;
import org.taskercore.worker.core.StepExecutor;
import org.taskercore.worker.core.StepHandler;
import org.taskercore.worker.core.StepStats;
import org.taskercore.worker.core.WorkerLifecycle;
import org.taskercore.worker.events.EventRouter;
import org.taskercore.worker.events.InProcessEventBus;
import org.taskercore.worker.health.HealthCheck;
import org.taskercore.worker.health.HealthRegistry;
import org.taskercore.worker.health.WorkerChecks;
import org.taskercore.worker.metrics.VertxMetricsSetup;
import org.taskercore.worker.metrics.WorkerMeters;
import org.taskercore.worker.runtime.WorkerMode;
import org.taskercore.worker.runtime.WorkerState;
import org.taskercore.worker.templates.TemplateCache;
import org.taskercore.worker.templates.TemplateKey;
import org.taskercore.worker.templates.TemplateStore;
import org.taskercore.worker.templates.TemplateValidator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/** How to start a {@link TaskerWorker}: configuration, an optional host Vert.x, handlers and checks in code. */
public final class WorkerBuilder {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerBuilder.class);

  private ConfigLoader loader = new ConfigLoader();
  private TaskerConfig config;
  private Vertx vertx;
  private PrometheusMeterRegistry registry;
  private WorkerMode mode;
  private Path baseDir = Path.of("");
  private final List<StepHandler> handlers = new ArrayList<>();
  private final List<HealthCheck> healthChecks = new ArrayList<>();
  private boolean discoverHandlers = true;

  WorkerBuilder() {
  }

  /** Where configuration comes from (files, environment, values set in code). */
  public WorkerBuilder configLoader(ConfigLoader loader) {
    this.loader = loader;
    return this;
  }

  /** A TOML file applied over the shipped configuration (like {@code --conf}). */
  public WorkerBuilder configFile(Path file) {
    loader.overrideFile(file);
    return this;
  }

  /** One value set in code, applied last: {@code set("worker.steps.max_concurrency", 4)}. */
  public WorkerBuilder set(String dottedKey, Object value) {
    loader.set(dottedKey, value);
    return this;
  }

  /** A configuration already loaded. */
  public WorkerBuilder config(TaskerConfig config) {
    this.config = config;
    return this;
  }

  /** Run on the host's Vert.x instead of creating one (then {@link TaskerWorker#stop()} leaves it open). */
  public WorkerBuilder vertx(Vertx vertx) {
    this.vertx = vertx;
    return this;
  }

  /** The registry the host's Vert.x was built with, so one scrape holds both. */
  public WorkerBuilder registry(PrometheusMeterRegistry registry) {
    this.registry = registry;
    return this;
  }

  public WorkerBuilder mode(WorkerMode mode) {
    this.mode = mode;
    return this;
  }

  /** The directory template search paths are relative to (the working directory by default). */
  public WorkerBuilder baseDir(Path dir) {
    this.baseDir = dir;
    return this;
  }

  public WorkerBuilder handler(StepHandler handler) {
    handlers.add(handler);
    return this;
  }

  /** A check of the host's own, part of detailed health (and of readiness if it says so). */
  public WorkerBuilder healthCheck(HealthCheck check) {
    healthChecks.add(check);
    return this;
  }

  /** Whether to register the handlers {@code ServiceLoader} finds (true by default). */
  public WorkerBuilder discoverHandlers(boolean discover) {
    this.discoverHandlers = discover;
    return this;
  }

  /**
   * {@link #start()} for callers that wait.
   *
   * @throws org.taskercore.worker.config.ConfigException for a bad configuration, with its one message
   */
  public TaskerWorker startAndWait(Duration timeout) {
    return Blocking.await(start(), timeout, "worker start");
  }

  /** Fails with a {@link org.taskercore.worker.config.ConfigException} for a bad configuration. */
  public Future<TaskerWorker> start() {
    TaskerConfig cfg;
    try {
      cfg = config != null ? config : loader.load();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    PrometheusMeterRegistry meters = registry != null ? registry : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    boolean owns = vertx == null;
    Future<ClusterNode.ClusteredVertx> clustered = owns && cfg.cluster().enabled()
      ? ClusterNode.start(cfg.cluster(), meters, false) : Future.succeededFuture();
    Promise<TaskerWorker> result = Promise.promise();
    clustered.onFailure(result::fail).onSuccess(node -> {
      Vertx vx = node != null ? node.vertx() : owns ? plainVertx(meters) : vertx;
      WorkerMode workerMode = mode != null ? mode : cfg.worker().web().enabled() ? WorkerMode.FULL : WorkerMode.HEADLESS;
      vx.executeBlocking(() -> assemble(vx, owns, node, cfg, meters, workerMode), false)
        .compose(TaskerWorker::deploy)
        .onComplete(ar -> {
          if (ar.succeeded()) {
            result.complete(ar.result());
          } else if (owns) {
            // Closed from outside its event loops: a callback scheduled on a closed loop would never run.
            CompletableFuture.runAsync(() -> vx.close().onComplete(closed -> result.fail(ar.cause())));
          } else {
            result.fail(ar.cause());
          }
        });
    });
    return result.future();
  }

  private static Vertx plainVertx(PrometheusMeterRegistry meters) {
    return VertxMetricsSetup.apply(Vertx.builder(), new VertxOptions(), meters).build();
  }

  private TaskerWorker assemble(Vertx vx, boolean owns, ClusterNode.ClusteredVertx node, TaskerConfig cfg,
                                PrometheusMeterRegistry meters, WorkerMode workerMode) {
    HandlerRegistry registry = new HandlerRegistry();
    if (discoverHandlers) {
      registry.discover(Thread.currentThread().getContextClassLoader());
    }
    handlers.forEach(registry::register);

    TaskerConfig.Templates tc = cfg.worker().templates();
    TemplateStore store = new TemplateStore(tc.searchPaths(), baseDir);
    TemplateStore.ScanReport report = store.scan();
    report.errors().forEach(e -> LOG.warn("template file skipped: {}: {}", e.file(), e.reason()));
    LOG.info("loaded {} templates: {}", report.loaded().size(),
      new TreeSet<>(report.loaded().stream().map(TemplateKey::toString).toList()));
    TemplateCache cache = new TemplateCache(store, tc.cacheMaxEntries(), tc.cacheTtlSeconds() * 1000, System::currentTimeMillis);

    List<String> namespaces = cfg.worker().namespaces().isEmpty()
      ? List.copyOf(new TreeSet<>(report.loaded().stream().map(TemplateKey::namespace).toList()))
      : cfg.worker().namespaces();
    TemplateValidator validator = new TemplateValidator(registry::isRegistered, namespaces::contains);

    WorkerLifecycle lifecycle = new WorkerLifecycle();
    EventRouter router = new EventRouter(vx, new InProcessEventBus(cfg.worker().events().channelCapacity()), cfg.worker().events());
    StepExecutor executor = new StepExecutor(vx, cfg.worker().workerId(), cfg.worker().steps(), registry, cache,
      router, new StepStats(cfg.worker().steps().errorWindowSeconds(), System::currentTimeMillis));
    HealthRegistry health = new HealthRegistry(vx, cfg.worker().health().checkTimeoutMs(), cfg.worker().health().cacheTtlMs());
    new WorkerChecks(vx, lifecycle, executor, router, cache, cfg.common()).registerAll(health);
    if (node != null) {
      health.register(ClusterHealthCheck.of(node.manager()));
    }
    healthChecks.forEach(health::register);
    lifecycle.onChange(status -> health.invalidate());

    WorkerState state = new WorkerState(cfg, cfg.worker().workerId(), workerMode, namespaces, lifecycle, registry,
      cache, validator, executor, router, health, meters);
    WorkerMeters workerMeters = new WorkerMeters(state);
    workerMeters.bindTo(meters);
    executor.addObserver(workerMeters);
    new JvmMemoryMetrics().bindTo(meters);
    new JvmThreadMetrics().bindTo(meters);
    new ClassLoaderMetrics().bindTo(meters);
    new ProcessorMetrics().bindTo(meters);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(meters);
    return new TaskerWorker(vx, owns, node, state, gc);
  }
}
