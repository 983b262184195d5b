package org.taskercore.worker.web;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import org.taskercore.worker.bridge.BridgePermissions;
import org.taskercore.worker.access.AccessPolicy;
import org.taskercore.worker.cluster.ClusterView;
import org.taskercore.worker.bridge.BridgeAccess;
import org.taskercore.worker.config.TaskerConfig;
import org.taskercore.worker.service.ServiceCatalog;
import org.taskercore.worker.service.ServiceProxies;

import java.util.function.Function;

/**
 * The optional HTTP front: routes mapped onto the bus, nothing else. Un-prefixed routes answer
 * for this process's worker (on a gateway, for the gateway itself); {@code /workers/{worker_id}/...}
 * for the named one.
 */
public final class WebVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WebVerticle.class);
  private static final int NAMED_WORKERS = 1024;
  /**
   * Connections silent this long are closed. Besides freeing idle keep-alive sockets, this ends a
   * request Vert.x 5.0.7 can strand: a connection accepted in the instant between the port's bind
   * and the server's metrics being set gets no socket metric, and its first request fails inside
   * Vert.x's metrics with nothing answered.
   */
  private static final int IDLE_TIMEOUT_SECONDS = 60;

  /**
   * The web settings, the worker un-prefixed routes describe, and the cluster views.
   *
   * @param localWorkerId null on a gateway, whose un-prefixed routes answer for itself
   * @param ownScrape     a gateway's own registry scraped in a content type (null: Prometheus text); null on a worker
   * @param traceUiUrl    where the dashboard links a trace, holding {@code {trace_id}} ("" for nowhere)
   */
  public record Options(TaskerConfig.Web web, TaskerConfig.Bridge bridge, String localWorkerId, ClusterView cluster,
                        AccessPolicy access, int expectedWorkers, Function<String, Future<String>> ownScrape,
                        String traceUiUrl) {

    /** A worker's web server: un-prefixed routes are {@code workerId}'s. */
    public static Options worker(TaskerConfig.Web web, TaskerConfig.Bridge bridge, String workerId, ClusterView cluster,
                                 AccessPolicy access, String traceUiUrl) {
      return new Options(web, bridge, workerId, cluster, access, 0, null, traceUiUrl);
    }

    /** A gateway's: un-prefixed routes are the gateway's own. */
    public static Options gateway(TaskerConfig.Web web, TaskerConfig.Bridge bridge, ClusterView cluster, AccessPolicy access,
                                  int expectedWorkers, Function<String, Future<String>> ownScrape, String traceUiUrl) {
      return new Options(web, bridge, null, cluster, access, expectedWorkers, ownScrape, traceUiUrl);
    }
  }

  private final Options options;
  private HttpServer server;

  public WebVerticle(Options options) {
    this.options = options;
  }

  /** The port bound (useful with port 0); -1 before start. */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  @Override
  public Future<?> start() {
    TaskerConfig.Web web = options.web();
    // Building the router loads classes and parses the OpenAPI document: a worker thread's job.
    return vertx.executeBlocking(this::router, false)
      .compose(router -> {
        HttpServerOptions serverOptions = new HttpServerOptions().setHost(web.host()).setPort(web.port())
          .setIdleTimeout(IDLE_TIMEOUT_SECONDS).setMaxHeaderSize(RequestFraming.MAX_HEADER_BYTES)
          // HTTP/1.1 only: with h2c detection the connection exists only after the first request is read,
          // too late to put the strict decoder in place.
          .setHttp2ClearTextEnabled(false);
        return vertx.createHttpServer(serverOptions)
          .connectionHandler(connection -> StrictRequestDecoder.install(connection, serverOptions))
          .requestHandler(router)
          .invalidRequestHandler(RequestFraming::invalid)
          .listen();
      })
      .onSuccess(s -> {
        server = s;
        LOG.info("HTTP listening on {}:{}{}{}", web.host(), s.actualPort(), web.auth().enabled() ? ", access control on" : "",
          web.sockjsBridge() ? ", SockJS event-bus bridge at /eventbus" : "");
      });
  }

  private Router router() {
    TaskerConfig.Web web = options.web();
    Router router = Router.router(vertx);
    router.route().handler(RequestFraming.unambiguous());
    router.route().handler(RouteSpans.namer());
    router.route().handler(RequestIds.assigner(web.accessLog(), web.accessLogSlowMs(), options.localWorkerId()));
    HttpAccess access = new HttpAccess(options.access());
    long timeout = web.requestTimeoutMs();
    if (options.ownScrape() != null) {
      new GatewayRoutes(options.cluster(), options.expectedWorkers(), options.ownScrape(), call -> access.guard(call, false))
        .mount(router);
    } else {
      ServiceProxies local = ServiceProxies.of(vertx, options.localWorkerId(), timeout); // the same for every request
      new ObservabilityRoutes(ctx -> local, 503, ctx -> "Worker system not running",
        ObservabilityRoutes.Watch.NONE, call -> access.guard(call, false)).mount(router);
    }

    Router perWorker = Router.router(vertx);
    perWorker.route().handler(ctx -> {
      String id = ctx.pathParam("worker_id");
      RouteSpans.mountedAt(ctx, "/workers/:worker_id");
      if (id == null || !ServiceCatalog.WORKER_ID.matcher(id).matches()) {
        HttpErrors.send(ctx, 400, "invalid worker id (expected " + ServiceCatalog.WORKER_ID_REGEX + ")");
      } else {
        ctx.next();
      }
    });
    ClusterView cluster = options.cluster();
    // A named worker answers within the cluster's query bound, and fails at once if its node leaves.
    long perWorkerTimeout = cluster == null ? timeout : Math.min(timeout, cluster.queryTimeoutMs());
    NamedProxies named = new NamedProxies(id -> ServiceProxies.of(vertx, id, perWorkerTimeout));
    new ObservabilityRoutes(ctx -> named.of(ctx.pathParam("worker_id")), 404,
      ctx -> "worker '" + ctx.pathParam("worker_id") + "' not found", cluster == null ? ObservabilityRoutes.Watch.NONE
      : new ObservabilityRoutes.Watch() {
        @Override
        public <T> Future<T> over(RoutingContext ctx, Future<T> call) {
          return cluster.untilDeparted(ctx.pathParam("worker_id"), call);
        }
      }, call -> access.guard(call, true)).mount(perWorker);
    router.route("/workers/:worker_id/*").subRouter(perWorker);

    if (cluster != null) {
      new ClusterRoutes(cluster, access).mount(router);
    }
    ApiDocs.mount(vertx, router, access);
    if (web.ui()) {
      new DashboardRoutes(options.localWorkerId(), web.uiRefreshMs(), options.access().enabled(), options.access().apiKeyHeader(),
        options.traceUiUrl())
        .mount(router);
    }
    if (web.sockjsBridge()) {
      BridgeAccess bridgeAccess = new BridgeAccess(options.access());
      // The XHR transports post frames as request bodies, bounded like a TCP bridge frame.
      router.route("/eventbus/*").handler(BodyHandler.create(false).setBodyLimit(options.bridge().maxFrameBytes()));
      router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx)
        .bridge(BridgePermissions.services(new SockJSBridgeOptions()), bridgeAccess::handle));
    }

    for (int status = 400; status < 500; status++) { // whatever the router refuses answers the error JSON
      int refused = status;
      router.errorHandler(refused, ctx -> HttpErrors.send(ctx, refused, refusal(ctx, refused)));
    }
    router.errorHandler(404, ctx -> HttpErrors.send(ctx, 404,
      "no route for " + ctx.request().method() + " " + ctx.request().path()));
    router.errorHandler(405, ctx -> HttpErrors.send(ctx, 405,
      ctx.request().method() + " is not allowed on " + ctx.request().path()));
    router.errorHandler(500, ctx -> HttpErrors.fail(ctx, ctx.failure() == null
      ? new IllegalStateException("status " + ctx.statusCode()) : ctx.failure(), 503, "no worker is serving"));

    return router;
  }

  /**
   * Proxies by worker id, built once per id rather than per request. The caller chooses the id, so
   * at most {@link #NAMED_WORKERS} are kept, the least recently used dropped first.
   */
  private static final class NamedProxies {
    private final java.util.function.Function<String, ServiceProxies> build;
    private final Map<String, ServiceProxies> byId = new java.util.LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, ServiceProxies> eldest) {
        return size() > NAMED_WORKERS;
      }
    };

    NamedProxies(java.util.function.Function<String, ServiceProxies> build) {
      this.build = build;
    }

    synchronized ServiceProxies of(String workerId) {
      return byId.computeIfAbsent(workerId, build);
    }
  }

  /** Why the router refused a request before any route ran (a path it cannot decode, say). */
  private static String refusal(RoutingContext ctx, int status) {
    if (ctx.failure() != null && ctx.failure().getMessage() != null) {
      return "the request was refused: " + ctx.failure().getMessage();
    }
    return status == 400 ? "the request could not be read (is the path's percent-encoding valid?)"
      : "the request was refused with status " + status;
  }
}
