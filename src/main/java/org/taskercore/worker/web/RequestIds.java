package org.taskercore.worker.web;

import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an id (the caller's {@code X-Request-Id} when it is a sane token, else a
 * new one), returns it on every response, and logs each response with it.
 */
final class RequestIds {

  static final String HEADER = "X-Request-Id";
  private static final String KEY = "request_id";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Logger ACCESS = LoggerFactory.getLogger("org.taskercore.worker.web.access");

  private RequestIds() {
  }

  static void assign(RoutingContext ctx) {
    String id = ensure(ctx);
    long started = System.nanoTime();
    ctx.addBodyEndHandler(v -> ACCESS.info("{} {} {} {}ms request_id={}", ctx.request().method(),
      ctx.request().path(), ctx.response().getStatusCode(), (System.nanoTime() - started) / 1_000_000, id));
    ctx.next();
  }

  /**
   * The request's id, given one now if it has none: a request the router refused before any route
   * ran (a path it cannot decode) still gets an id in its answer.
   */
  static String ensure(RoutingContext ctx) {
    String id = ctx.get(KEY);
    if (id == null) {
      String given = ctx.request().getHeader(HEADER);
      id = given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
      ctx.put(KEY, id);
      ctx.response().putHeader(HEADER, id);
    }
    return id;
  }

  static String of(RoutingContext ctx) {
    String id = ctx.get(KEY);
    return id != null ? id : "none";
  }
}
