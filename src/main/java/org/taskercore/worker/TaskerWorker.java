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
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.taskercore.worker.config.ConfigLoader;
import org.taskercore.worker.config.TaskerConfig;
import org.taskercore.worker.core.HandlerRegistry;
import org.taskercore.worker.core.StepExecutor;
import org.taskercore.worker.core.StepHandler;
import org.taskercore.worker.core.StepStats;
import org.taskercore.worker.core.TaskRunner;
import org.taskercore.worker.core.WorkerLifecycle;
import org.taskercore.worker.events.DurableEventLog;
import org.taskercore.worker.events.EventRouter;
import org.taskercore.worker.events.InProcessEventBus;
import org.taskercore.worker.health.HealthCheck;
import org.taskercore.worker.health.HealthRegistry;
import org.taskercore.worker.health.WorkerChecks;
import org.taskercore.worker.metrics.WorkerMeters;
import org.taskercore.worker.runtime.WorkerMode;
import org.taskercore.worker.runtime.WorkerState;
import org.taskercore.worker.runtime.WorkerVerticle;
import org.taskercore.worker.samples.DemoSubmitter;
import org.taskercore.worker.service.ServiceVerticle;
import org.taskercore.worker.templates.TaskTemplate;
import org.taskercore.worker.templates.TemplateCache;
import org.taskercore.worker.templates.TemplateKey;
import org.taskercore.worker.templates.TemplateStore;
import org.taskercore.worker.templates.TemplateValidator;
import org.taskercore.worker.web.WebVerticle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One worker: loads its templates, runs the steps of the namespaces it serves, and answers its
 * observability services on the bus. Start it with {@link #builder()}; stop it with
 * {@link #stop()}, which drains first.
 */
public final class TaskerWorker {

  private static final Logger LOG = LoggerFactory.getLogger(TaskerWorker.class);

  private final Vertx vertx;
  private final boolean ownsVertx;
  private final WorkerState state;
  private final TaskRunner runner;
  private final List<String> deployments = new ArrayList<>();
  private DemoSubmitter demo;
  private WebVerticle web;
  private JvmGcMetrics gcMetrics;
  private DurableEventLog durableLog;

  private TaskerWorker(Vertx vertx, boolean ownsVertx, WorkerState state) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.state = state;
    this.runner = new TaskRunner(vertx, this::template);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder for a worker embedded in a host application: library mode, no HTTP server. */
  public static Builder library() {
    return new Builder().mode(WorkerMode.LIBRARY).set("worker.web.enabled", false);
  }

  public Vertx vertx() {
    return vertx;
  }

  public WorkerState state() {
    return state;
  }

  public String workerId() {
    return state.workerId();
  }

  /** Runs tasks through the bus, on whichever workers serve each namespace. */
  public TaskRunner tasks() {
    return runner;
  }

  /** The HTTP port bound in full mode (meaningful with port 0); -1 when no HTTP server runs. */
  public int httpPort() {
    return web == null ? -1 : web.actualPort();
  }

  /** Subscribe here to this worker's fast and broadcast domain events. */
  public InProcessEventBus events() {
    return state.events().inProcessBus();
  }

  public DurableEventLog durableEvents() {
    return durableLog;
  }

  /**
   * Drains and stops: readiness turns unhealthy at once, new steps are still taken for
   * {@code drain_delay_ms} (load balancers notice), then running and queued steps finish within
   * {@code shutdown_timeout_ms}. The Vert.x instance is closed only when the worker created it.
   */
  public Future<Void> stop() {
    if (!state.lifecycle().draining()) {
      return Future.succeededFuture();
    }
    LOG.info("worker {} draining (readiness now unhealthy)", workerId());
    if (demo != null) {
      demo.stop();
    }
    long delay = state.config().worker().health().drainDelayMs();
    Future<Void> waited = delay > 0 ? vertx.timer(delay).mapEmpty() : Future.succeededFuture();
    Promise<Void> done = Promise.promise();
    waited
      .compose(v -> state.executor().stopAccepting())
      .compose(v -> state.executor().drain(state.config().worker().shutdownTimeoutMs()))
      .compose(v -> Future.join(deployments.stream().map(vertx::undeploy).toList()))
      .compose(v -> durableLog.unbind())
      .onComplete(ar -> {
        state.health().stopBackgroundRefresh();
        state.lifecycle().stopped();
        if (gcMetrics != null) {
          gcMetrics.close();
        }
        LOG.info("worker {} stopped", workerId());
        if (ownsVertx) {
          // Closed from outside its event loops: a callback scheduled on a closed loop would never run.
          CompletableFuture.runAsync(() -> vertx.close().onComplete(c -> done.complete()));
        } else {
          done.complete();
        }
      });
    return done.future();
  }

  /** {@link #stop()} for callers that wait. */
  public void stopAndWait(Duration timeout) {
    await(stop(), timeout, "stop");
  }

  /** Runs a task ({@code "namespace/name/version"}) and waits for its result. */
  public JsonObject runTaskAndWait(String template, JsonObject input, Duration timeout) {
    return await(runner.run(TemplateKey.parse(template), input), timeout, "task " + template);
  }

  private static <T> T await(Future<T> future, Duration timeout, String what) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(what + " did not finish within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + " interrupted", e);
    }
  }

  private Future<TaskTemplate> template(TemplateKey key) {
    return vertx.executeBlocking(() -> {
      TemplateCache.Lookup lookup = state.templates().get(key);
      if (lookup == null) {
        throw new IllegalArgumentException("template not found: " + key);
      }
      return lookup.template();
    }, false);
  }

  private Future<TaskerWorker> deploy() {
    durableLog = new DurableEventLog(1000);
    return durableLog.bind(vertx, state.config().worker().events().durableAddress())
      .compose(v -> vertx.deployVerticle(new WorkerVerticle(state)))
      .compose(id -> {
        deployments.add(id);
        return vertx.deployVerticle(new ServiceVerticle(state));
      })
      .compose(id -> {
        deployments.add(id);
        if (state.mode() != WorkerMode.FULL) {
          return Future.succeededFuture();
        }
        TaskerConfig.Web webConfig = state.config().worker().web();
        web = new WebVerticle(new WebVerticle.Options(webConfig.host(), webConfig.port(),
          webConfig.requestTimeoutMs(), workerId(), null));
        return vertx.deployVerticle(web).map(deployments::add);
      })
      .map(ignored -> {
        state.lifecycle().running();
        state.health().startBackgroundRefresh();
        TaskerConfig.Demo demoConfig = state.config().worker().demo();
        if (demoConfig.enabled()) {
          demo = new DemoSubmitter(vertx, runner, List.copyOf(state.templates().store().keys()));
          demo.start(demoConfig.intervalMs());
          LOG.info("demo mode: submitting a sample task every {} ms", demoConfig.intervalMs());
        }
        LOG.info("worker {} running in {} mode (environment {}), serving namespaces {}{}",
          workerId(), state.mode().wireName(), state.environment(), state.namespaces(),
          web == null ? "; no HTTP server" : "; HTTP on " + state.config().worker().web().host() + ":" + web.actualPort());
        return this;
      });
  }

  /** How to start a worker: configuration, an optional host Vert.x, handlers in code. */
  public static final class Builder {
    private ConfigLoader loader = new ConfigLoader();
    private TaskerConfig config;
    private Vertx vertx;
    private PrometheusMeterRegistry registry;
    private WorkerMode mode;
    private Path baseDir = Path.of("");
    private final List<StepHandler> handlers = new ArrayList<>();
    private final List<HealthCheck> healthChecks = new ArrayList<>();
    private boolean discoverHandlers = true;

    /** Where configuration comes from (files, environment, values set in code). */
    public Builder configLoader(ConfigLoader loader) {
      this.loader = loader;
      return this;
    }

    /** A TOML file applied over the shipped configuration (like {@code --conf}). */
    public Builder configFile(Path file) {
      loader.overrideFile(file);
      return this;
    }

    /** One value set in code, applied last: {@code set("worker.steps.max_concurrency", 4)}. */
    public Builder set(String dottedKey, Object value) {
      loader.set(dottedKey, value);
      return this;
    }

    /** A configuration already loaded. */
    public Builder config(TaskerConfig config) {
      this.config = config;
      return this;
    }

    /** Run on the host's Vert.x instead of creating one (then {@link #stop()} leaves it open). */
    public Builder vertx(Vertx vertx) {
      this.vertx = vertx;
      return this;
    }

    /** The registry the host's Vert.x was built with, so one scrape holds both. */
    public Builder registry(PrometheusMeterRegistry registry) {
      this.registry = registry;
      return this;
    }

    public Builder mode(WorkerMode mode) {
      this.mode = mode;
      return this;
    }

    /** The directory template search paths are relative to (the working directory by default). */
    public Builder baseDir(Path dir) {
      this.baseDir = dir;
      return this;
    }

    public Builder handler(StepHandler handler) {
      handlers.add(handler);
      return this;
    }

    /** A check of the host's own, part of detailed health (and of readiness if it says so). */
    public Builder healthCheck(HealthCheck check) {
      healthChecks.add(check);
      return this;
    }

    /** Whether to register the handlers {@code ServiceLoader} finds (true by default). */
    public Builder discoverHandlers(boolean discover) {
      this.discoverHandlers = discover;
      return this;
    }

    /**
     * {@link #start()} for callers that wait.
     *
     * @throws org.taskercore.worker.config.ConfigException for a bad configuration, with its one message
     */
    public TaskerWorker startAndWait(Duration timeout) {
      return await(start(), timeout, "worker start");
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
      Vertx vx = owns ? Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
          .setJvmMetricsEnabled(false)))
        .withMetrics(new MicrometerMetricsFactory(meters))
        .build() : vertx;
      WorkerMode workerMode = mode != null ? mode : cfg.worker().web().enabled() ? WorkerMode.FULL : WorkerMode.HEADLESS;
      return vx.executeBlocking(() -> assemble(vx, owns, cfg, meters, workerMode), false)
        .compose(TaskerWorker::deploy)
        .recover(e -> owns ? vx.close().transform(ignored -> Future.failedFuture(e)) : Future.failedFuture(e));
    }

    private TaskerWorker assemble(Vertx vx, boolean owns, TaskerConfig cfg, PrometheusMeterRegistry meters, WorkerMode workerMode) {
      HandlerRegistry registry = new HandlerRegistry();
      if (discoverHandlers) {
        registry.discover(Thread.currentThread().getContextClassLoader());
      }
      handlers.forEach(registry::register);

      TaskerConfig.Templates tc = cfg.worker().templates();
      TemplateStore store = new TemplateStore(tc.searchPaths(), baseDir);
      TemplateStore.ScanReport report = store.scan();
      report.errors().forEach(e -> LOG.warn("template file skipped: {}: {}", e.file(), e.reason()));
      LOG.info("loaded {} templates: {}", report.loaded().size(), new TreeSet<>(report.loaded().stream().map(TemplateKey::toString).toList()));
      TemplateCache cache = new TemplateCache(store, tc.cacheMaxEntries(), tc.cacheTtlSeconds() * 1000, System::currentTimeMillis);

      List<String> namespaces = cfg.worker().namespaces().isEmpty()
        ? List.copyOf(new TreeSet<>(report.loaded().stream().map(TemplateKey::namespace).toList()))
        : cfg.worker().namespaces();
      TemplateValidator validator = new TemplateValidator(registry::isRegistered, namespaces::contains);

      WorkerLifecycle lifecycle = new WorkerLifecycle();
      EventRouter router = new EventRouter(vx, new InProcessEventBus(), cfg.worker().events());
      StepExecutor executor = new StepExecutor(vx, cfg.worker().workerId(), cfg.worker().steps(), registry, cache,
        router, new StepStats(cfg.worker().steps().errorWindowSeconds(), System::currentTimeMillis));
      HealthRegistry health = new HealthRegistry(vx, cfg.worker().health().checkTimeoutMs(), cfg.worker().health().cacheTtlMs());
      new WorkerChecks(vx, lifecycle, executor, router, cache, cfg.common()).registerAll(health);
      healthChecks.forEach(health::register);
      lifecycle.onChange(status -> health.invalidate());

      WorkerState state = new WorkerState(cfg, cfg.worker().workerId(), workerMode, namespaces, lifecycle, registry,
        cache, validator, executor, router, health, meters);
      WorkerMeters workerMeters = new WorkerMeters(state);
      workerMeters.bindTo(meters);
      executor.addObserver(workerMeters);
      TaskerWorker worker = new TaskerWorker(vx, owns, state);
      new JvmMemoryMetrics().bindTo(meters);
      new JvmThreadMetrics().bindTo(meters);
      new ClassLoaderMetrics().bindTo(meters);
      new ProcessorMetrics().bindTo(meters);
      worker.gcMetrics = new JvmGcMetrics();
      worker.gcMetrics.bindTo(meters);
      return worker;
    }
  }
}
