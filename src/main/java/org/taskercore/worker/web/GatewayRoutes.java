package org.taskercore.worker.web;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.taskercore.worker.cluster.ClusterView;
import org.taskercore.worker.protocol.HealthAnswer;
import org.taskercore.worker.protocol.HealthStatus;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * A gateway's un-prefixed routes answer for the gateway itself, never for a worker the bus
 * happens to pick: {@code /health}, {@code /health/live} and {@code /health/ready} are its own
 * (ready while it reads the cluster's directory and sees at least one worker, or
 * {@code cluster.expected_workers}), {@code /metrics} is its own process's scrape (JVM, Vert.x and
 * the cluster census), and a worker's routes answer 404 naming where to ask instead.
 */
final class GatewayRoutes {

  static final String ROLE = "gateway";
  /** A worker's own routes: {@code /health/detailed}, {@code /metrics/…}, {@code /templates…}, {@code /config…}. */
  private static final String WORKER_ONLY = "/health/detailed|/metrics/.+|/templates(/.*)?|/config(/.*)?";

  private final ClusterView cluster;
  private final int expectedWorkers;
  private final Function<String, Future<String>> ownScrape;
  private final Function<String, Handler<RoutingContext>> guard;
  private final EncodedScrape scrape = new EncodedScrape();

  /** @param ownScrape this process's registry scraped in a content type (null: Prometheus text) */
  GatewayRoutes(ClusterView cluster, int expectedWorkers, Function<String, Future<String>> ownScrape,
                Function<String, Handler<RoutingContext>> guard) {
    this.cluster = cluster;
    this.expectedWorkers = expectedWorkers;
    this.ownScrape = ownScrape;
    this.guard = guard;
  }

  void mount(Router router) {
    router.route("/health*").handler(ObservabilityRoutes::neverCached);
    router.get("/health").handler(guard.apply("health.basic")).handler(ctx -> JsonResponses.send(ctx, 200,
      self(HealthStatus.HEALTHY.wireName())));
    router.get("/health/live").handler(guard.apply("health.live")).handler(ctx -> JsonResponses.send(ctx, 200,
      self(HealthAnswer.ALIVE)));
    router.get("/health/ready").handler(guard.apply("health.ready")).handler(this::ready);
    router.get("/metrics").handler(guard.apply("metrics.prometheus")).handler(ctx -> {
      ownScrape.apply(ObservabilityRoutes.openMetricsAsked(ctx) ? ObservabilityRoutes.OPENMETRICS : null).onComplete(ar -> {
        if (ar.succeeded()) {
          ObservabilityRoutes.sendScrape(ctx, scrape, ar.result());
        } else {
          HttpErrors.fail(ctx, ar.cause(), 503, "the gateway's registry could not be scraped");
        }
      });
    });
    router.routeWithRegex(WORKER_ONLY).handler(ctx -> HttpErrors.send(ctx, 404, "this is a gateway, which runs no worker: "
      + "ask one worker at /workers/{worker_id}" + ctx.request().path() + ", every worker at /cluster/health or "
      + "/cluster/metrics, and which workers there are at /cluster/workers"));
  }

  private void ready(RoutingContext ctx) {
    long started = System.nanoTime();
    int needed = Math.max(1, expectedWorkers);
    cluster.workers().onComplete(ar -> {
      HealthStatus status;
      String message;
      if (ar.failed()) {
        status = HealthStatus.UNHEALTHY;
        message = "the cluster's worker directory cannot be read: " + ar.cause().getMessage();
      } else {
        int visible = ar.result().getInteger("count");
        status = visible >= needed ? HealthStatus.HEALTHY : HealthStatus.UNHEALTHY;
        message = "sees " + visible + " worker" + (visible == 1 ? "" : "s") + ", needs " + needed
          + (expectedWorkers > 0 ? " (cluster.expected_workers)" : "");
      }
      String answer = HealthAnswer.READY.status(List.of(status));
      JsonObject check = new JsonObject().put("status", status.wireName()).put("message", message)
        .put("duration_ms", (System.nanoTime() - started) / 1_000_000).put("last_checked", Instant.now().toString());
      JsonResponses.send(ctx, HealthAnswer.READY.httpCode(answer),
        self(answer).put("checks", new JsonObject().put("cluster", check)));
    });
  }

  private static JsonObject self(String status) {
    return new JsonObject().put("status", status).put("role", ROLE).put("timestamp", Instant.now().toString());
  }
}
