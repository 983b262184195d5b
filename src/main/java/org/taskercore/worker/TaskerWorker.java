package org.taskercore.worker;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.taskercore.worker.bridge.TcpBridgeVerticle;
import org.taskercore.worker.cluster.ClusterMembership;
import org.taskercore.worker.cluster.ClusterNode;
import org.taskercore.worker.cluster.ClusterView;
import org.taskercore.worker.cluster.WorkerDirectory;
import org.taskercore.worker.config.TaskerConfig;
import org.taskercore.worker.core.BuildInfo;
import org.taskercore.worker.core.TaskRunner;
import org.taskercore.worker.events.BusForwarder;
import org.taskercore.worker.events.DurableEventLog;
import org.taskercore.worker.events.InProcessEventBus;
import org.taskercore.worker.metrics.MetricsPusher;
import org.taskercore.worker.runtime.WorkerMode;
import org.taskercore.worker.runtime.WorkerState;
import org.taskercore.worker.runtime.WorkerVerticle;
import org.taskercore.worker.samples.DemoSubmitter;
import org.taskercore.worker.service.ServiceVerticle;
import org.taskercore.worker.templates.TaskTemplate;
import org.taskercore.worker.templates.TemplateCache;
import org.taskercore.worker.templates.TemplateKey;
import org.taskercore.worker.web.WebVerticle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One worker: loads its templates, runs the steps of the namespaces it serves, answers its
 * observability services on the bus and, in full mode, over HTTP. Start it with
 * {@link #builder()} (or {@link #library()} to embed it); stop it with {@link #stop()}, which
 * drains first.
 */
public final class TaskerWorker {

  private static final Logger LOG = LoggerFactory.getLogger(TaskerWorker.class);

  private final Vertx vertx;
  private final boolean ownsVertx;
  private final ClusterNode.ClusteredVertx cluster;
  private final WorkerState state;
  private final TaskRunner runner;
  private final JvmGcMetrics gcMetrics;
  private final WorkerDirectory directory;
  private final List<String> deployments = new ArrayList<>();
  private DurableEventLog durableLog;
  private DemoSubmitter demo;
  private WebVerticle web;
  private Runnable stopWatchingMembers = () -> { };
  private MetricsPusher pusher;
  private BusForwarder forwarder;

  TaskerWorker(Vertx vertx, boolean ownsVertx, ClusterNode.ClusteredVertx cluster, WorkerState state, JvmGcMetrics gcMetrics) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.cluster = cluster;
    this.state = state;
    this.gcMetrics = gcMetrics;
    this.runner = new TaskRunner(vertx, this::template);
    this.directory = cluster == null ? WorkerDirectory.local(vertx)
      : WorkerDirectory.clustered(vertx, cluster.manager(), state.config().cluster().departedGraceSeconds());
  }

  public static WorkerBuilder builder() {
    return new WorkerBuilder();
  }

  /** A builder for a worker embedded in a host application: library mode, no HTTP server. */
  public static WorkerBuilder library() {
    return new WorkerBuilder().mode(WorkerMode.LIBRARY).set("worker.web.enabled", false);
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

  /** The workers of the cluster (this one alone when not clustered). */
  public WorkerDirectory directory() {
    return directory;
  }

  /** Cluster-wide answers from this node: the workers, every worker's health, one scrape of all. */
  public ClusterView cluster() {
    return new ClusterView(vertx, directory, state.config().cluster().queryTimeoutMs());
  }

  /** Runs a task ({@code "namespace/name/version"}) and waits for its result. */
  public JsonObject runTaskAndWait(String template, JsonObject input, Duration timeout) {
    return Blocking.await(runner.run(TemplateKey.parse(template), input), timeout, "task " + template);
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
      .eventually(() -> directory.unregister(workerId()))
      .eventually(() -> Future.join(deployments.stream().map(vertx::undeploy).toList()))
      .eventually(() -> durableLog.unbind())
      .eventually(() -> pusher == null ? Future.succeededFuture() : pusher.stop())
      .onComplete(ar -> {
        stopWatchingMembers.run();
        if (forwarder != null) {
          forwarder.stop();
        }
        state.health().stopBackgroundRefresh();
        state.lifecycle().stopped();
        gcMetrics.close();
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
    Blocking.await(stop(), timeout, "stop");
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

  Future<TaskerWorker> deploy() {
    durableLog = new DurableEventLog(1000);
    return durableLog.bind(vertx, state.config().worker().events().durableAddress())
      .compose(v -> deploy(new WorkerVerticle(state)))
      .compose(v -> deploy(new ServiceVerticle(state)))
      .compose(v -> state.mode() == WorkerMode.FULL ? deployWeb() : Future.succeededFuture())
      .compose(v -> deployBridge())
      .compose(v -> {
        state.lifecycle().running();
        return directory.register(directoryEntry());
      })
      .map(v -> {
        if (cluster != null) {
          stopWatchingMembers = ClusterMembership.watch(vertx, cluster.manager(), directory);
        }
        state.health().startBackgroundRefresh();
        if (state.config().worker().events().forwardToBus()) {
          forwarder = BusForwarder.start(vertx, state.events().inProcessBus());
        }
        startDemo();
        if (state.config().metrics().pushEnabled()) {
          pusher = new MetricsPusher(vertx, state.registry(), state.config().metrics(), workerId());
          pusher.start();
        }
        LOG.info("worker {} running in {} mode (environment {}{}), serving namespaces {}{}", workerId(),
          state.mode().wireName(), state.environment(), cluster == null ? "" : ", clustered as node " + nodeId(),
          state.namespaces(), web == null ? "; no HTTP server" : "; HTTP on " + webAddress());
        return this;
      })
      .recover(this::rollBack);
  }

  /** A start that failed half-way leaves nothing behind on a host's Vert.x (a busy port, say). */
  private Future<TaskerWorker> rollBack(Throwable failure) {
    LOG.error("worker {} failed to start: {}", workerId(), failure.getMessage());
    state.lifecycle().stopped();
    gcMetrics.close();
    return Future.join(deployments.stream().map(vertx::undeploy).toList())
      .eventually(() -> directory.unregister(workerId()))
      .eventually(() -> durableLog.unbind())
      .transform(ignored -> Future.failedFuture(failure));
  }

  private Future<Void> deploy(io.vertx.core.Deployable verticle) {
    return vertx.deployVerticle(verticle).map(id -> {
      deployments.add(id);
      return null;
    });
  }

  private Future<Void> deployWeb() {
    TaskerConfig.Web config = state.config().worker().web();
    web = new WebVerticle(new WebVerticle.Options(config, workerId(), cluster()));
    return deploy(web);
  }

  private Future<Void> deployBridge() {
    TaskerConfig.Bridge bridge = state.config().worker().bridge();
    return bridge.enabled() ? deploy(new TcpBridgeVerticle(bridge.host(), bridge.port())) : Future.succeededFuture();
  }

  private void startDemo() {
    TaskerConfig.Demo config = state.config().worker().demo();
    if (config.enabled()) {
      demo = new DemoSubmitter(vertx, runner, List.copyOf(state.templates().store().keys()));
      demo.start(config.intervalMs());
      LOG.info("demo mode: submitting a sample task every {} ms", config.intervalMs());
    }
  }

  private String nodeId() {
    return cluster == null ? "local" : cluster.manager().getNodeId();
  }

  private String webAddress() {
    return web == null ? null : state.config().worker().web().host() + ":" + web.actualPort();
  }

  private JsonObject directoryEntry() {
    return new JsonObject()
      .put("worker_id", workerId())
      .put("node_id", nodeId())
      .put("started_at", state.lifecycle().startedAt().toString())
      .put("environment", state.environment())
      .put("version", BuildInfo.VERSION)
      .put("namespaces", new JsonArray(state.namespaces()))
      .put("mode", state.mode().wireName())
      .put("web_address", webAddress());
  }
}
