package org.taskercore.worker;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.taskercore.worker.cluster.ClusterNode;
import org.taskercore.worker.cluster.ClusterView;
import org.taskercore.worker.cluster.WorkerDirectory;
import org.taskercore.worker.config.TaskerConfig;
import org.taskercore.worker.core.StepExecutor;
import org.taskercore.worker.tasks.TaskRunner;
import org.taskercore.worker.lifecycle.WorkerIdentity;
import org.taskercore.worker.lifecycle.WorkerLifecycle;
import org.taskercore.worker.lifecycle.WorkerMode;
import org.taskercore.worker.events.DurableEventLog;
import org.taskercore.worker.events.EventRouter;
import org.taskercore.worker.events.InProcessEventBus;
import org.taskercore.worker.tasks.TemplateKey;
import org.taskercore.worker.tracing.WorkerTracing;
import org.taskercore.worker.web.WebVerticle;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One worker (or, in gateway mode, a web front with no worker): loads its templates, runs the
 * steps of the namespaces it serves, answers its observability services on the bus and, in full
 * mode, over HTTP. Start it with {@link #builder()} (or {@link #library()} to embed it); stop it
 * with {@link #stop()}, which drains first. Everything it runs is a verticle: a start deploys
 * them in order, and a stop or a failed start undeploys what was deployed, in reverse.
 */
public final class TaskerWorker {

  private static final Logger LOG = LoggerFactory.getLogger(TaskerWorker.class);

  /** What every mode has. */
  record Host(Vertx vertx, boolean ownsVertx, ClusterNode.ClusteredVertx node, TaskerConfig config, WorkerMode mode,
              WorkerLifecycle lifecycle, WorkerDirectory directory, ClusterView cluster, PrometheusMeterRegistry registry,
              JvmGcMetrics gcMetrics, WorkerTracing tracing) {
  }

  /** What only a worker has (not a gateway). */
  record Parts(WorkerIdentity identity, StepExecutor executor, EventRouter events, DurableEventLog durableLog,
               TaskRunner runner) {
  }

  private final Host host;
  private final Parts parts;
  private final List<Deployable> serving;
  private final List<Deployable> background;
  private final WebVerticle web;
  private final Deque<String> deployed = new ArrayDeque<>();

  /**
   * @param serving    deployed first; the worker is running once they are
   * @param background deployed next (directory entry, watches, refreshers, pushers)
   */
  TaskerWorker(Host host, Parts parts, List<Deployable> serving, List<Deployable> background, WebVerticle web) {
    this.host = host;
    this.parts = parts;
    this.serving = List.copyOf(serving);
    this.background = List.copyOf(background);
    this.web = web;
  }

  public static WorkerBuilder builder() {
    return new WorkerBuilder();
  }

  /** A builder for a worker embedded in a host application: library mode, no HTTP server. */
  public static WorkerBuilder library() {
    return new WorkerBuilder().mode(WorkerMode.LIBRARY).set("worker.web.enabled", false);
  }

  /** A builder for a gateway: the web routes for every worker of the cluster, no worker of its own. */
  public static WorkerBuilder gateway() {
    return new WorkerBuilder().mode(WorkerMode.GATEWAY);
  }

  public Vertx vertx() {
    return host.vertx();
  }

  public WorkerMode mode() {
    return host.mode();
  }

  public TaskerConfig config() {
    return host.config();
  }

  /** This worker's id; null on a gateway. */
  public String workerId() {
    return parts == null ? null : parts.identity().workerId();
  }

  /** Runs tasks through the bus, on whichever workers serve each namespace. */
  public TaskRunner tasks() {
    return parts().runner();
  }

  /** The step executor: queues, concurrency, breakers and outcome counts. */
  public StepExecutor steps() {
    return parts().executor();
  }

  /** The registry this worker's meters (and its Vert.x's, when it made its own) are in. */
  public PrometheusMeterRegistry meterRegistry() {
    return host.registry();
  }

  public WorkerLifecycle lifecycle() {
    return host.lifecycle();
  }

  /** The HTTP port bound in full and gateway mode (meaningful with port 0); -1 when no HTTP server runs. */
  public int httpPort() {
    return web == null ? -1 : web.actualPort();
  }

  /** Subscribe here to this worker's fast and broadcast domain events. */
  public InProcessEventBus events() {
    return parts().events().inProcessBus();
  }

  /** Where this worker's domain events go, with its routing counters. */
  public EventRouter eventRouter() {
    return parts().events();
  }

  public DurableEventLog durableEvents() {
    return parts().durableLog();
  }

  /** The workers of the cluster (this one alone when not clustered). */
  public WorkerDirectory directory() {
    return host.directory();
  }

  /** Cluster-wide answers from this node: the workers, every worker's health, one scrape of all. */
  public ClusterView cluster() {
    return host.cluster();
  }

  /** Runs a task ({@code "namespace/name/version"}) and waits for its result. */
  public JsonObject runTaskAndWait(String template, JsonObject input, Duration timeout) {
    return Blocking.await(tasks().run(TemplateKey.parse(template), input), timeout, "task " + template);
  }

  /**
   * Drains and stops: readiness turns unhealthy at once, new steps are still taken for
   * {@code drain_delay_ms} (load balancers notice), then everything is undeployed in reverse
   * order; the command processor's undeploy lets running and queued steps finish within
   * {@code shutdown_timeout_ms}. The Vert.x instance is closed only when the worker created it.
   */
  public Future<Void> stop() {
    if (!host.lifecycle().draining()) {
      return Future.succeededFuture();
    }
    LOG.info("{} draining (readiness now unhealthy)", describe());
    long delay = host.config().worker().health().drainDelayMs();
    Future<Void> waited = delay > 0 && parts != null ? host.vertx().timer(delay).mapEmpty() : Future.succeededFuture();
    Promise<Void> done = Promise.promise();
    waited.eventually(this::undeployAll).onComplete(ar -> {
      LOG.info("{} stopped", describe());
      closeVertx().onComplete(v -> done.complete());
    });
    return done.future();
  }

  /** {@link #stop()} for callers that wait. */
  public void stopAndWait(Duration timeout) {
    Blocking.await(stop(), timeout, "stop");
  }

  Future<TaskerWorker> deploy() {
    return deployInOrder(serving)
      .compose(v -> {
        host.lifecycle().running();
        return deployInOrder(background);
      })
      .map(v -> {
        LOG.info("{} running in {} mode (environment {}{}){}{}", describe(), host.mode().wireName(),
          host.config().environment(), host.node() == null ? "" : ", clustered as node " + host.node().manager().getNodeId(),
          parts == null ? "" : ", serving namespaces " + parts.identity().namespaces(),
          web == null ? "; no HTTP server" : "; HTTP on " + host.config().worker().web().host() + ":" + web.actualPort());
        return this;
      })
      .recover(failure -> {
        LOG.error("{} failed to start: {}", describe(), failure.getMessage());
        return undeployAll().transform(ignored -> Future.failedFuture(failure));
      });
  }

  private Future<Void> deployInOrder(List<Deployable> verticles) {
    Future<Void> chain = Future.succeededFuture();
    for (Deployable verticle : verticles) {
      chain = chain.compose(v -> host.vertx().deployVerticle(verticle).map(id -> {
        deployed.push(id);
        return null;
      }));
    }
    return chain;
  }

  /** The one way down, for a stop and a failed start alike: each undeploy runs even if one before it failed. */
  private Future<Void> undeployAll() {
    Future<Void> chain = Future.succeededFuture();
    while (!deployed.isEmpty()) {
      String id = deployed.pop();
      chain = chain.eventually(() -> host.vertx().undeploy(id));
    }
    return chain.eventually(() -> {
      host.lifecycle().stopped();
      host.gcMetrics().close();
      return Future.succeededFuture();
    });
  }

  private Future<Void> closeVertx() {
    if (!host.ownsVertx()) {
      return Future.succeededFuture();
    }
    Promise<Void> closed = Promise.promise();
    // Closed from outside its event loops: a callback scheduled on a closed loop would never run.
    // The tracer goes last, sending the spans of the stop itself (it waits, so never on a loop).
    CompletableFuture.runAsync(() -> host.vertx().close().onComplete(c -> CompletableFuture.runAsync(() -> {
      host.tracing().close();
      closed.complete();
    })));
    return closed.future();
  }

  private Parts parts() {
    if (parts == null) {
      throw new IllegalStateException("a gateway runs no worker of its own");
    }
    return parts;
  }

  private String describe() {
    return parts == null ? "gateway" : "worker " + parts.identity().workerId();
  }
}
