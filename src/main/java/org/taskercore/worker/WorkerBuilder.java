package org.taskercore.worker;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.healthchecks.Status;
import org.taskercore.worker.cluster.ClusterNode;
import org.taskercore.worker.config.ConfigException;
import org.taskercore.worker.config.ConfigLoader;
import org.taskercore.worker.config.TaskerConfig;
import org.taskercore.worker.core.StepHandler;
import org.taskercore.worker.lifecycle.WorkerMode;
import org.taskercore.worker.meters.VertxMetricsSetup;
import org.taskercore.worker.tracing.WorkerTracing;
import io.vertx.core.VertxBuilder;
import io.vertx.core.tracing.TracingOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * How to start a {@link TaskerWorker}: configuration, mode, an optional host Vert.x, handlers and
 * checks in code. Every mode, the gateway included, starts, stops and rolls back the same way.
 */
public final class WorkerBuilder {

  private ConfigLoader loader = new ConfigLoader();
  private TaskerConfig config;
  private Vertx vertx;
  private PrometheusMeterRegistry registry;
  private WorkerMode mode;
  private Path baseDir = Path.of("");
  private final List<StepHandler> handlers = new ArrayList<>();
  private final List<WorkerAssembly.HostCheck> healthChecks = new ArrayList<>();
  private boolean discoverHandlers = true;
  private boolean samples;

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

  /**
   * The deployment mode; when not set, {@code worker.web.enabled} chooses full or headless. A mode
   * that contradicts the configuration (library or headless with the web enabled, full or gateway
   * without it, a gateway outside a cluster) fails the start with a {@link ConfigException}.
   */
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

  /**
   * A check of the host's own: a vertx-health-check procedure completing its promise with a
   * {@link Status} ({@code org.taskercore.worker.checks.CheckVerdicts} makes degraded ones too),
   * bounded by {@code worker.health.check_timeout_ms}.
   *
   * @param readiness part of readiness, else only of the detailed view
   */
  public WorkerBuilder healthCheck(String name, boolean readiness, Handler<Promise<Status>> procedure) {
    healthChecks.add(new WorkerAssembly.HostCheck(name, readiness, procedure));
    return this;
  }

  /** Whether to register the handlers {@code ServiceLoader} finds (true by default). */
  public WorkerBuilder discoverHandlers(boolean discover) {
    this.discoverHandlers = discover;
    return this;
  }

  /**
   * The sample handlers of {@code conf/templates} and, with {@code worker.demo.enabled}, the demo
   * submitter: what {@code scripts/run} shows. An embedding host gets neither unless it asks
   * (turning the demo on asks).
   */
  public WorkerBuilder withSamples() {
    this.samples = true;
    return this;
  }

  /**
   * {@link #start()} for callers that wait.
   *
   * @throws ConfigException for a bad configuration, with its one message
   */
  public TaskerWorker startAndWait(Duration timeout) {
    return Blocking.await(start(), timeout, "worker start");
  }

  /** Fails with a {@link ConfigException} for a bad configuration or a mode that contradicts it. */
  public Future<TaskerWorker> start() {
    TaskerConfig cfg;
    WorkerMode chosen;
    try {
      cfg = config != null ? config : loader.load();
      chosen = modeFor(cfg);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    PrometheusMeterRegistry meters = registry != null ? registry : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    boolean owns = vertx == null;
    // Vert.x's own spans need the tracer when it is built, so only a Vert.x the worker builds is traced.
    WorkerTracing tracing = owns && cfg.tracing().enabled() ? WorkerTracing.start(tracingSettings(cfg, chosen)) : WorkerTracing.OFF;
    Future<ClusterNode.ClusteredVertx> clustered = owns && cfg.cluster().enabled()
      ? ClusterNode.start(cfg.cluster(), false, options -> built(options, cfg, meters, tracing))
      : Future.succeededFuture();
    WorkerAssembly assembly = new WorkerAssembly(new WorkerAssembly.Settings(cfg, chosen, meters, tracing, handlers,
      healthChecks, discoverHandlers, samples || cfg.worker().demo().enabled(), baseDir));
    Promise<TaskerWorker> result = Promise.promise();
    clustered.onFailure(failure -> {
      tracing.close();
      result.fail(failure);
    }).onSuccess(node -> {
      Vertx vx = node != null ? node.vertx() : owns ? built(new VertxOptions(), cfg, meters, tracing).build() : vertx;
      vx.executeBlocking(() -> assembly.assemble(vx, owns, node), false)
        .compose(TaskerWorker::deploy)
        .onComplete(ar -> {
          if (ar.succeeded()) {
            result.complete(ar.result());
          } else if (owns) {
            // Closed from outside its event loops: a callback scheduled on a closed loop would never run.
            CompletableFuture.runAsync(() -> vx.close().onComplete(closed -> {
              tracing.close();
              result.fail(ar.cause());
            }));
          } else {
            result.fail(ar.cause());
          }
        });
    });
    return result.future();
  }

  private WorkerMode modeFor(TaskerConfig cfg) {
    boolean web = cfg.worker().web().enabled();
    WorkerMode chosen = mode != null ? mode : web ? WorkerMode.FULL : WorkerMode.HEADLESS;
    boolean servesHttp = chosen == WorkerMode.FULL || chosen == WorkerMode.GATEWAY;
    if (servesHttp != web) {
      throw new ConfigException("mode " + chosen.wireName() + (servesHttp ? " serves HTTP, but worker.web.enabled is false"
        : " runs no HTTP server, but worker.web.enabled is true") + "; set worker.web.enabled = " + servesHttp
        + " or choose mode " + (web ? "full" : "headless"));
    }
    if (chosen == WorkerMode.GATEWAY && !cfg.cluster().enabled()) {
      throw new ConfigException("mode gateway fronts a cluster, but cluster.enabled is false (TASKER__CLUSTER__ENABLED=true)");
    }
    return chosen;
  }

  /** A Vert.x with the worker's meters and, when tracing is on, its tracer. */
  private static VertxBuilder built(VertxOptions options, TaskerConfig cfg, PrometheusMeterRegistry meters,
                                    WorkerTracing tracing) {
    VertxBuilder builder = Vertx.builder();
    if (tracing.enabled()) {
      options.setTracingOptions(new TracingOptions());
      builder.withTracer(tracing.vertxTracerFactory());
    }
    return VertxMetricsSetup.apply(builder, watched(options, cfg), meters, BusLabels.all());
  }

  private static WorkerTracing.Settings tracingSettings(TaskerConfig cfg, WorkerMode mode) {
    TaskerConfig.Tracing t = cfg.tracing();
    return new WorkerTracing.Settings(t.serviceName(), t.exporter(), t.endpoint(), t.sampleRatio(),
      mode == WorkerMode.GATEWAY ? null : cfg.worker().workerId(), cfg.environment());
  }

  /** Vert.x's blocked-thread checker at the configured bound, with the stack of what blocked. */
  private static VertxOptions watched(VertxOptions options, TaskerConfig cfg) {
    long bound = cfg.worker().blockedEventLoopWarningMs();
    return options.setMaxEventLoopExecuteTime(bound).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
      .setWarningExceptionTime(bound).setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS)
      .setBlockedThreadCheckInterval(Math.min(1_000, Math.max(10, bound / 2)))
      .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS);
  }
}
