package org.taskercore.worker.web;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.taskercore.worker.cluster.ClusterView;
import org.taskercore.worker.protocol.HealthAnswer;

import java.util.function.Supplier;

/** {@code /cluster/workers}, {@code /cluster/health} (503 only when unhealthy), {@code /cluster/metrics}. */
final class ClusterRoutes {

  private final ClusterView view;
  private final HttpAccess access;

  ClusterRoutes(ClusterView view, HttpAccess access) {
    this.view = view;
    this.access = access;
  }

  void mount(Router router) {
    router.get("/cluster/workers").handler(access.guard("cluster.workers", false))
      .handler(ctx -> answer(ctx, view::workers, body -> 200));
    router.get("/cluster/health").handler(access.guard("cluster.health", false)).handler(ObservabilityRoutes::neverCached)
      .handler(ctx -> answer(ctx, view::health, body -> HealthAnswer.CLUSTER.httpCode(body.getString("status"))));
    router.get("/cluster/metrics").handler(access.guard("cluster.metrics", false)).handler(ctx -> view.metrics().onComplete(ar -> {
      if (ar.succeeded()) {
        ctx.response().putHeader("Content-Type", ObservabilityRoutes.PROMETHEUS_TEXT).end(ar.result());
      } else {
        HttpErrors.fail(ctx, ar.cause(), 503, "the cluster directory cannot be read");
      }
    }));
  }

  private static void answer(RoutingContext ctx, Supplier<Future<JsonObject>> call,
                             java.util.function.ToIntFunction<JsonObject> status) {
    call.get().onComplete(ar -> {
      if (ar.succeeded()) {
        JsonResponses.send(ctx, status.applyAsInt(ar.result()), ar.result());
      } else {
        HttpErrors.fail(ctx, ar.cause(), 503, "the cluster directory cannot be read");
      }
    });
  }
}
