package org.taskercore.worker;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Deployable;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.taskercore.worker.access.AccessPolicy;
import org.taskercore.worker.bridge.TcpBridgeVerticle;
import org.taskercore.worker.checks.CheckRefreshVerticle;
import org.taskercore.worker.checks.CheckRegistry;
import org.taskercore.worker.checks.ClusterSafety;
import org.taskercore.worker.checks.WorkerChecks;
import org.taskercore.worker.cluster.ClusterCensus;
import org.taskercore.worker.cluster.ClusterMembership;
import org.taskercore.worker.cluster.ClusterNode;
import org.taskercore.worker.cluster.ClusterView;
import org.taskercore.worker.cluster.DirectoryRegistration;
import org.taskercore.worker.cluster.WorkerDirectory;
import org.taskercore.worker.cluster.WorkerIdClaim;
import org.taskercore.worker.config.TaskerConfig;
import org.taskercore.worker.core.CommandProcessorVerticle;
import org.taskercore.worker.core.HandlerRegistry;
import org.taskercore.worker.core.StepExecutor;
import org.taskercore.worker.core.StepHandler;
import org.taskercore.worker.core.StepStats;
import org.taskercore.worker.tasks.TaskRunner;
import org.taskercore.worker.lifecycle.WorkerIdentity;
import org.taskercore.worker.lifecycle.WorkerLifecycle;
import org.taskercore.worker.lifecycle.WorkerMode;
import org.taskercore.worker.events.BusForwarder;
import org.taskercore.worker.events.DurableEventLog;
import org.taskercore.worker.database.DatabaseMeters;
import org.taskercore.worker.database.DatabaseVerticle;
import org.taskercore.worker.database.OutboxDeliverer;
import org.taskercore.worker.events.EventRouter;
import org.taskercore.worker.events.InProcessEventBus;
import org.taskercore.worker.meters.MetricsPusher;
import org.taskercore.worker.meters.ScrapeCache;
import org.taskercore.worker.meters.CheckMeters;
import org.taskercore.worker.meters.EventMeters;
import org.taskercore.worker.meters.IdentityMeters;
import org.taskercore.worker.meters.StepMeters;
import org.taskercore.worker.meters.TemplateCacheMeters;
import org.taskercore.worker.samples.DemoSubmitter;
import org.taskercore.worker.samples.SampleHandlers;
import org.taskercore.worker.bridge.BridgeAccess;
import org.taskercore.worker.service.ServiceVerticle;
import org.taskercore.worker.service.config.ConfigQueryServiceImpl;
import org.taskercore.worker.service.health.HealthServiceImpl;
import org.taskercore.worker.service.metrics.MetricsQueryServiceImpl;
import org.taskercore.worker.service.metrics.OutboxStats;
import org.taskercore.worker.service.template.TemplateQueryServiceImpl;
import org.taskercore.worker.tasks.TaskTemplate;
import org.taskercore.worker.templates.TemplateCache;
import org.taskercore.worker.tasks.TemplateKey;
import org.taskercore.worker.templates.TemplateStore;
import org.taskercore.worker.templates.TemplateValidator;
import org.taskercore.worker.tracing.WorkerTracing;
import org.taskercore.worker.web.WebVerticle;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The one place that wires parts together: builds each part from the configuration, hands every
 * service and verticle only the parts it reads, and lists the verticles to deploy in order.
 * Runs on a worker thread (it scans template files).
 */
final class WorkerAssembly {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerAssembly.class);
  private static final int DURABLE_LOG_CAPACITY = 1000;

  /** A health procedure of the host's (vertx-health-check style), part of detailed health and maybe readiness. */
  record HostCheck(String name, boolean readiness, Handler<Promise<Status>> procedure) {
  }

  /**
   * What the host chose, as plain values.
   *
   * @param samples the sample handlers and, when the configuration turns it on, the demo submitter
   * @param baseDir the directory template search paths are relative to
   */
  record Settings(TaskerConfig config, WorkerMode mode, PrometheusMeterRegistry meters, WorkerTracing tracing,
                  List<StepHandler> hostHandlers,
                  List<HostCheck> hostChecks, boolean discoverHandlers, boolean samples, Path baseDir) {
    Settings {
      hostHandlers = List.copyOf(hostHandlers);
      hostChecks = List.copyOf(hostChecks);
    }
  }

  private final TaskerConfig cfg;
  private final WorkerMode mode;
  private final PrometheusMeterRegistry meters;
  private final Settings settings;

  WorkerAssembly(Settings settings) {
    this.settings = settings;
    this.cfg = settings.config();
    this.mode = settings.mode();
    this.meters = settings.meters();
  }

  TaskerWorker assemble(Vertx vertx, boolean ownsVertx, ClusterNode.ClusteredVertx node) {
    WorkerLifecycle lifecycle = new WorkerLifecycle();
    WorkerDirectory directory = node == null ? WorkerDirectory.local(vertx)
      : WorkerDirectory.clustered(vertx, node.manager(), cfg.cluster().departedGraceSeconds());
    ClusterView view = new ClusterView(vertx, directory, cfg.cluster().queryTimeoutMs(), cfg.cluster().expectedWorkers(),
      settings.tracing().tracer());
    // A gateway's own scrape is its process's too: JVM, Vert.x and the cluster census.
    TaskerWorker.Host host = new TaskerWorker.Host(vertx, ownsVertx, node, cfg, mode, lifecycle, directory, view, meters,
      bindJvmMeters(), settings.tracing());
    AccessPolicy access = new AccessPolicy(vertx, cfg.worker().web().auth(), meters);
    if (mode == WorkerMode.GATEWAY) {
      ScrapeCache ownScrapes = new ScrapeCache(vertx, meters, cfg.metrics().scrapeCacheMs());
      WebVerticle web = new WebVerticle(WebVerticle.Options.gateway(cfg.worker().web(), cfg.worker().bridge(), view, access,
        cfg.cluster().expectedWorkers(), ownScrapes::scrape, cfg.tracing().uiUrl()));
      List<Deployable> background = node == null ? List.of() : List.of(new ClusterMembership(node.manager(), directory),
        new ClusterCensus(directory, meters, cfg.cluster().expectedWorkers()));
      return new TaskerWorker(host, null, List.of(web), background, web);
    }

    HandlerRegistry handlers = handlers();
    TaskerConfig.Templates tc = cfg.worker().templates();
    TemplateStore store = new TemplateStore(tc.searchPaths(), settings.baseDir(), tc.maxFileBytes());
    TemplateStore.ScanReport report = store.scan();
    report.errors().forEach(e -> LOG.warn("template file skipped: {}: {}", e.file(), e.reason()));
    LOG.info("loaded {} templates: {}", report.loaded().size(),
      new TreeSet<>(report.loaded().stream().map(TemplateKey::toString).toList()));
    TemplateCache templates = new TemplateCache(store, tc.cacheMaxEntries(), tc.cacheTtlSeconds() * 1000, System::currentTimeMillis);
    List<String> namespaces = cfg.worker().namespaces().isEmpty()
      ? List.copyOf(new TreeSet<>(report.loaded().stream().map(TemplateKey::namespace).toList()))
      : cfg.worker().namespaces();
    TemplateValidator validator = new TemplateValidator(handlers::isRegistered, namespaces::contains);
    WorkerIdentity identity = new WorkerIdentity(cfg.worker().workerId(), mode, cfg.environment(), namespaces);

    EventRouter events = new EventRouter(vertx, new InProcessEventBus(cfg.worker().events().channelCapacity()), cfg.worker().events());
    StepExecutor executor = new StepExecutor(vertx, identity.workerId(), cfg.worker().steps(), handlers, templates,
      events, new StepStats(cfg.worker().steps().errorWindowSeconds(), System::currentTimeMillis), settings.tracing().tracer());
    DatabaseVerticle database = cfg.common().hasDatabase() ? new DatabaseVerticle(cfg.common()) : null;
    OutboxDeliverer deliverer = null;
    if (database != null) {
      TaskerConfig.Events ec = cfg.worker().events();
      deliverer = new OutboxDeliverer(database, ec.durableAddress(), ec.durableTimeoutMs(), identity.workerId(),
        cfg.common().outboxRetentionHours());
      events.durableSink(deliverer.outbox());
      new DatabaseMeters(database, deliverer).bindTo(meters);
    }
    OutboxDeliverer outboxDeliverer = deliverer;
    CheckRegistry checks = checks(vertx, node, lifecycle, executor, events, templates, database);
    StepMeters stepMeters = new StepMeters(namespaces, handlers, executor);
    executor.addObserver(stepMeters);
    for (MeterBinder binder : List.of(new IdentityMeters(identity, lifecycle), stepMeters, new EventMeters(events),
      new TemplateCacheMeters(templates), new CheckMeters(checks))) {
      binder.bindTo(meters);
    }
    DurableEventLog durableLog = new DurableEventLog(cfg.worker().events().durableAddress(), DURABLE_LOG_CAPACITY);
    TaskRunner runner = new TaskRunner(vertx, key -> vertx.executeBlocking(() -> template(templates, key), false),
      settings.tracing().tracer());
    TaskerWorker.Parts parts = new TaskerWorker.Parts(identity, executor, events, durableLog, runner);

    WebVerticle web = mode == WorkerMode.FULL
      ? new WebVerticle(WebVerticle.Options.worker(cfg.worker().web(), cfg.worker().bridge(), identity.workerId(), view, access,
      cfg.tracing().uiUrl())) : null;
    List<Deployable> serving = new ArrayList<>();
    if (node != null) {
      serving.add(new WorkerIdClaim(directory, identity.workerId(), node.manager().getNodeId()));
    }
    if (database != null) {
      serving.add(database);
    }
    if (cfg.worker().events().durableLog()) {
      serving.add(durableLog);
    }
    serving.add(new ServiceVerticle(identity.workerId(),
      new HealthServiceImpl(checks, lifecycle, identity, database == null ? 0 : database.maxSize()),
      new MetricsQueryServiceImpl(meters, new ScrapeCache(vertx, meters, cfg.metrics().scrapeCacheMs()), events, identity.workerId(),
        outboxDeliverer == null ? null : () -> new OutboxStats().setPending(outboxDeliverer.pending())
          .setDelivered(outboxDeliverer.delivered()).setFailed(outboxDeliverer.failed())),
      new TemplateQueryServiceImpl(vertx, templates, validator, handlers, namespaces),
      new ConfigQueryServiceImpl(cfg)));
    if (web != null) {
      serving.add(web);
    }
    if (cfg.worker().bridge().enabled()) {
      serving.add(new TcpBridgeVerticle(cfg.worker().bridge(), new BridgeAccess(access)));
    }
    serving.add(new CommandProcessorVerticle(executor, namespaces, templates,
      tc.maintenanceIntervalSeconds() * 1000, cfg.worker().shutdownTimeoutMs()));

    List<Deployable> background = new ArrayList<>();
    background.add(new DirectoryRegistration(directory, () -> directoryEntry(identity, lifecycle, node, web)));
    if (node != null) {
      background.add(new ClusterMembership(node.manager(), directory));
      background.add(new ClusterCensus(directory, meters, cfg.cluster().expectedWorkers()));
    }
    background.add(new CheckRefreshVerticle(checks));
    if (outboxDeliverer != null) {
      background.add(outboxDeliverer);
    }
    if (cfg.worker().events().forwardToBus()) {
      background.add(new BusForwarder(events.inProcessBus()));
    }
    if (cfg.metrics().pushEnabled()) {
      background.add(new MetricsPusher(meters, cfg.metrics(), identity.workerId()));
    }
    if (settings.samples() && cfg.worker().demo().enabled()) {
      background.add(new DemoSubmitter(runner, List.copyOf(store.keys()), cfg.worker().demo().intervalMs()));
    }
    return new TaskerWorker(host, parts, serving, background, web);
  }

  private HandlerRegistry handlers() {
    HandlerRegistry registry = new HandlerRegistry();
    if (settings.discoverHandlers()) {
      registry.discover(Thread.currentThread().getContextClassLoader());
    }
    if (settings.samples()) {
      new SampleHandlers().handlers().forEach(registry::register);
    }
    settings.hostHandlers().forEach(registry::register);
    return registry;
  }

  private CheckRegistry checks(Vertx vertx, ClusterNode.ClusteredVertx node, WorkerLifecycle lifecycle,
                               StepExecutor executor, EventRouter events, TemplateCache templates, DatabaseVerticle database) {
    TaskerConfig.Health hc = cfg.worker().health();
    CheckRegistry checks = new CheckRegistry(vertx, hc.checkTimeoutMs(), hc.cacheTtlMs(), settings.tracing().tracer());
    new WorkerChecks(vertx, lifecycle, executor, events, templates, database, hc.checkTimeoutMs()).registerAll(checks);
    if (node != null) {
      checks.register("cluster", false, ClusterSafety.procedure(node.manager(), cfg.cluster().name(), hc.checkTimeoutMs()));
    }
    settings.hostChecks().forEach(c -> checks.register(c.name(), c.readiness(), c.procedure()));
    lifecycle.onChange(status -> checks.invalidate());
    return checks;
  }

  private JvmGcMetrics bindJvmMeters() {
    new JvmMemoryMetrics().bindTo(meters);
    new JvmThreadMetrics().bindTo(meters);
    new ClassLoaderMetrics().bindTo(meters);
    new ProcessorMetrics().bindTo(meters);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(meters);
    return gc;
  }

  private static TaskTemplate template(TemplateCache templates, TemplateKey key) {
    TemplateCache.Lookup lookup = templates.get(key);
    if (lookup == null) {
      throw new IllegalArgumentException("template not found: " + key);
    }
    return lookup.template();
  }

  private JsonObject directoryEntry(WorkerIdentity identity, WorkerLifecycle lifecycle, ClusterNode.ClusteredVertx node,
                                    WebVerticle web) {
    return new JsonObject()
      .put("worker_id", identity.workerId())
      .put("node_id", node == null ? "local" : node.manager().getNodeId())
      .put("started_at", lifecycle.startedAt().toString())
      .put("environment", identity.environment())
      .put("version", identity.version())
      .put("namespaces", new JsonArray(identity.namespaces()))
      .put("mode", identity.mode().wireName())
      .put("web_address", web == null ? null : reachableHost() + ":" + web.actualPort());
  }

  /**
   * The web server's host as another machine reaches it: a wildcard bind ({@code 0.0.0.0},
   * {@code ::}) says nothing there, so the address the cluster announces stands in for it.
   */
  private String reachableHost() {
    String host = cfg.worker().web().host();
    boolean wildcard = host.isBlank() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    if (!wildcard) {
      return host;
    }
    String announced = cfg.cluster().publicHost();
    return announced.contains(":") && !announced.startsWith("[") ? "[" + announced + "]" : announced;
  }
}
