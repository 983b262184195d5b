package org.taskercore.worker.web;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.taskercore.worker.protocol.HealthAnswer;
import org.taskercore.worker.service.ServiceProxies;
import org.taskercore.worker.service.health.DetailedHealth;

import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The routes of one worker's services (DESIGN §4), each one proxy call and a status. Mounted at
 * the root for this process's worker and under {@code /workers/{worker_id}} for any worker.
 */
final class ObservabilityRoutes {

  static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final Function<RoutingContext, ServiceProxies> targets;
  private final int noHandlersStatus;
  private final Function<RoutingContext, String> noHandlersMessage;
  private final Watch watch;
  private final Function<String, Handler<RoutingContext>> guard;
  private final EncodedScrape scrape = new EncodedScrape();

  /** What else may end a call early: for a named worker, its node leaving the cluster. */
  interface Watch {
    Watch NONE = new Watch() {
      @Override
      public <T> Future<T> over(RoutingContext ctx, Future<T> call) {
        return call;
      }
    };

    <T> Future<T> over(RoutingContext ctx, Future<T> call);
  }

  /**
   * @param noHandlersStatus what an absent service means: 503 for this process's worker, 404 for a named one
   * @param guard            the access check of a call named {@code service.method}
   */
  ObservabilityRoutes(Function<RoutingContext, ServiceProxies> targets, int noHandlersStatus,
                      Function<RoutingContext, String> noHandlersMessage, Watch watch,
                      Function<String, Handler<RoutingContext>> guard) {
    this.targets = targets;
    this.noHandlersStatus = noHandlersStatus;
    this.noHandlersMessage = noHandlersMessage;
    this.watch = watch;
    this.guard = guard;
  }

  void mount(Router router) {
    router.route("/health*").handler(ObservabilityRoutes::neverCached);
    route(router, HttpMethod.GET, "/health", "health.basic", (ctx, t) -> t.health().basic().map(b -> b.toJson()), ok());
    route(router, HttpMethod.GET, "/health/live", "health.live", (ctx, t) -> t.health().live().map(b -> b.toJson()), ok());
    route(router, HttpMethod.GET, "/health/ready", "health.ready", (ctx, t) -> t.health().ready(),
      (ctx, ready) -> JsonResponses.send(ctx, HealthAnswer.READY.httpCode(ready.getStatus()), ready.toJson()));
    route(router, HttpMethod.GET, "/health/detailed", "health.detailed", (ctx, t) -> t.health().detailed().map(DetailedHealth::toJson), ok());

    route(router, HttpMethod.GET, "/metrics", "metrics.prometheus", (ctx, t) -> openMetricsAsked(ctx) ? t.metrics().openmetrics()
      : t.metrics().prometheus(), (ctx, text) -> sendScrape(ctx, scrape, text));
    route(router, HttpMethod.GET, "/metrics/worker", "metrics.worker", (ctx, t) -> t.metrics().worker().map(m -> m.toJson()), ok());
    route(router, HttpMethod.GET, "/metrics/events", "metrics.events", (ctx, t) -> t.metrics().events().map(m -> m.toJson()), ok());

    route(router, HttpMethod.GET, "/templates", "templates.list", (ctx, t) -> flag(ctx, "include_cache_stats")
      .compose(include -> t.templates().list(include)).map(l -> l.toJson()), ok());
    route(router, HttpMethod.GET, "/templates/cache/stats", "templates.cacheStats",
      (ctx, t) -> t.templates().cacheStats().map(s -> s.toJson()), ok());
    route(router, HttpMethod.DELETE, "/templates/cache", "templates.clearCache",
      (ctx, t) -> t.templates().clearCache().map(r -> r.toJson()), ok());
    route(router, HttpMethod.POST, "/templates/cache/maintain", "templates.maintainCache",
      (ctx, t) -> t.templates().maintainCache().map(r -> r.toJson()), ok());
    route(router, HttpMethod.GET, "/templates/:namespace/:name/:version", "templates.get", (ctx, t) -> t.templates()
      .get(ctx.pathParam("namespace"), ctx.pathParam("name"), ctx.pathParam("version")).map(r -> r.toJson()), ok());
    route(router, HttpMethod.POST, "/templates/:namespace/:name/:version/validate", "templates.validate", (ctx, t) -> t.templates()
      .validate(ctx.pathParam("namespace"), ctx.pathParam("name"), ctx.pathParam("version")).map(r -> r.toJson()), ok());
    route(router, HttpMethod.POST, "/templates/:namespace/:name/:version/refresh", "templates.refresh", (ctx, t) -> t.templates()
        .refresh(ctx.pathParam("namespace"), ctx.pathParam("name"), ctx.pathParam("version")),
      (ctx, result) -> JsonResponses.send(ctx, result.isSuccess() ? 200 : 404, result.toJson()));

    route(router, HttpMethod.GET, "/config", "config.runtime", (ctx, t) -> t.config().runtime().map(c -> c.toJson()), ok());
    route(router, HttpMethod.GET, "/config/environment", "config.environment", (ctx, t) -> t.config().environment()
      .map(env -> new JsonObject().put("environment", env)), ok());
  }

  /** One route: its guard (what the call it makes needs, from the access table), then the call. */
  private <T> void route(Router router, HttpMethod method, String path, String call, Call<T> send,
                         BiConsumer<RoutingContext, T> respond) {
    router.route(method, path).handler(guard.apply(call)).handler(handle(send, respond));
  }

  private <T> Handler<RoutingContext> handle(Call<T> call, BiConsumer<RoutingContext, T> respond) {
    return ctx -> {
      Future<T> answer;
      try {
        answer = watch.over(ctx, call.apply(ctx, targets.apply(ctx)));
      } catch (IllegalArgumentException e) {
        HttpErrors.send(ctx, 400, e.getMessage());
        return;
      }
      answer.onComplete(ar -> {
        if (ar.succeeded()) {
          respond.accept(ctx, ar.result());
        } else {
          HttpErrors.fail(ctx, ar.cause(), noHandlersStatus, noHandlersMessage.apply(ctx));
        }
      });
    };
  }

  private static BiConsumer<RoutingContext, JsonObject> ok() {
    return (ctx, body) -> JsonResponses.send(ctx, 200, body);
  }

  /** Health answers: a probe must never see a cached one, errors included. */
  static void neverCached(RoutingContext ctx) {
    ctx.response().putHeader("Cache-Control", "no-store");
    ctx.next();
  }

  /** A scrape's text in the format the request asked for (OpenMetrics when its Accept names it). */
  static void sendScrape(RoutingContext ctx, EncodedScrape scrape, String text) {
    ctx.response().putHeader("Content-Type", openMetricsAsked(ctx) ? OPENMETRICS : PROMETHEUS_TEXT).end(scrape.bytesOf(text));
  }

  static boolean openMetricsAsked(RoutingContext ctx) {
    String accept = ctx.request().getHeader("Accept");
    return accept != null && accept.contains("application/openmetrics-text");
  }

  /** A boolean query parameter: absent is false; anything but true or false is refused. */
  private static Future<Boolean> flag(RoutingContext ctx, String name) {
    String value = ctx.queryParams().get(name);
    if (value == null || value.equalsIgnoreCase("false")) {
      return Future.succeededFuture(false);
    }
    if (value.equalsIgnoreCase("true")) {
      return Future.succeededFuture(true);
    }
    throw new IllegalArgumentException("query parameter " + name + " must be true or false");
  }

  @FunctionalInterface
  interface Call<T> {
    Future<T> apply(RoutingContext ctx, ServiceProxies targets);
  }
}
