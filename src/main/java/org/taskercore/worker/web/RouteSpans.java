package org.taskercore.worker.web;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import org.taskercore.worker.tracing.TraceIds;

/**
 * Names the HTTP server span Vert.x made for a request after the route that answered it
 * ({@code GET /workers/:worker_id/health/detailed}, with {@code http.route}), never after the raw
 * path, whose ids would make every span name new; a 5xx marks it as an error. Also keeps the
 * request's trace ids for its error body and its access line.
 */
final class RouteSpans {

  private static final String TRACE = "tasker.trace";
  private static final String MOUNT = "tasker.route_mount";

  private RouteSpans() {
  }

  static Handler<RoutingContext> namer() {
    return ctx -> {
      Span span = Span.current();
      SpanContext ids = TraceIds.current();
      if (ids != null) {
        ctx.put(TRACE, ids);
      }
      if (span.isRecording()) {
        ctx.addHeadersEndHandler(v -> name(ctx, span));
      }
      ctx.next();
    };
  }

  /**
   * Called by a sub-router's first handler with its own context: its routes are named with the
   * template it is mounted at, e.g. {@code /workers/:worker_id} (the outer context only knows the mount).
   */
  static void mountedAt(RoutingContext inner, String template) {
    inner.put(MOUNT, new Mount(inner, template));
  }

  private record Mount(RoutingContext inner, String template) {
  }

  /** The request's trace ids; null when it is not traced. */
  static SpanContext traceOf(RoutingContext ctx) {
    return ctx.get(TRACE);
  }

  private static String pathOf(Route route) {
    return route == null ? null : route.getPath();
  }

  private static void name(RoutingContext ctx, Span span) {
    Mount mount = ctx.get(MOUNT);
    String inner = mount == null ? null : pathOf(mount.inner().currentRoute());
    String template = inner != null ? mount.template() + inner : pathOf(ctx.currentRoute());
    if (template != null) {
      span.updateName(ctx.request().method().name() + " " + template);
      span.setAttribute("http.route", template);
    }
    int status = ctx.response().getStatusCode();
    span.setAttribute("http.response.status_code", status);
    if (status >= 500) {
      span.setStatus(StatusCode.ERROR);
    }
  }
}
