package org.taskercore.worker.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The live dashboard ({@code /ui}, {@code worker.web.ui}): static HTML, CSS and JavaScript modules
 * from the jar, reading the JSON routes every {@code worker.web.ui_refresh_ms}. Its own
 * responses forbid inline scripts and every other origin, so a worker's strings (which the page
 * writes as text) can never run as code. The page needs no permission; what it reads does.
 */
final class DashboardRoutes {

  static final String PATH = "/ui";
  private static final String RESOURCES = "tasker-ui";
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final JsonObject settings;

  /**
   * @param localWorkerId this process's worker, whose page it is (null on a gateway: every worker)
   * @param traceUrl      {@code observability.tracing.ui_url}: a failing check links to its trace there ("" for none)
   */
  DashboardRoutes(String localWorkerId, long refreshMs, boolean authEnabled, String apiKeyHeader, String traceUrl) {
    this.settings = new JsonObject().put("mode", localWorkerId == null ? "gateway" : "full").put("worker_id", localWorkerId)
      .put("refresh_ms", refreshMs).put("auth_enabled", authEnabled).put("api_key_header", apiKeyHeader)
      .put("trace_url", traceUrl);
  }

  void mount(Router router) {
    router.route(PATH + "*").handler(DashboardRoutes::secured);
    router.get(PATH).handler(ctx -> {
      if (ctx.request().path().endsWith("/")) {
        ctx.next(); // "/ui/" is the static handler's index page
      } else {
        ctx.redirect(PATH + "/");
      }
    });
    router.get(PATH + "/settings.json").handler(ctx -> ctx.response()
      .putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store").end(settings.encode()));
    router.get(PATH + "/*").handler(DashboardRoutes::revalidated)
      .handler(StaticHandler.create(RESOURCES).setIndexPage("index.html").setDefaultContentEncoding("UTF-8"));
  }

  /**
   * The files keep fixed names, so a browser must ask again each time (a 304 while unchanged,
   * thanks to Last-Modified): never the static handler's "immutable", which would keep an old
   * page's scripts after an upgrade.
   */
  static void revalidated(RoutingContext ctx) {
    ctx.addHeadersEndHandler(v -> ctx.response().headers().set("Cache-Control", "no-cache"));
    ctx.next();
  }

  private static void secured(RoutingContext ctx) {
    ctx.response()
      .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
      .putHeader("X-Content-Type-Options", "nosniff")
      .putHeader("Referrer-Policy", "no-referrer");
    ctx.next();
  }
}
