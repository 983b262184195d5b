package org.taskercore.worker.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import io.opentelemetry.api.trace.SpanContext;
import org.taskercore.worker.logging.LogThrottle;
import org.taskercore.worker.tracing.TraceIds;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Gives every request an id (the caller's {@code X-Request-Id} when it is a sane token, else a
 * new one) and returns it on every response. The access log ({@code worker.web.access_log}) writes
 * by default only what an operator looks for — a failed request (4xx at INFO, at most a line a second
 * per status with a count of the rest, since a hostile client makes them; 5xx at WARN) or a
 * slow one — so probes and scrapes cost no log line each; {@code "all"} logs every request,
 * {@code "off"} none.
 */
final class RequestIds {

  static final String HEADER = "X-Request-Id";
  private static final String KEY = "request_id";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Logger ACCESS = LoggerFactory.getLogger("org.taskercore.worker.web.access");

  private RequestIds() {
  }

  /**
   * @param mode     {@code problems}, {@code all} or {@code off}
   * @param slowMs   what counts as slow
   * @param workerId the worker whose routes these are (null on a gateway), a field of each access line
   */
  static Handler<RoutingContext> assigner(String mode, long slowMs, String workerId) {
    // Refusals come from outside: at most a line a second per status, with a count, per server.
    LogThrottle refusals = new LogThrottle(ACCESS);
    return ctx -> {
      String id = ensure(ctx);
      if (!mode.equals("off")) {
        long started = System.nanoTime();
        ctx.addBodyEndHandler(v -> log(ctx, id, (System.nanoTime() - started) / 1_000_000, mode, slowMs, workerId, refusals));
      }
      ctx.next();
    };
  }

  private static void log(RoutingContext ctx, String id, long ms, String mode, long slowMs, String workerId,
                          LogThrottle refusals) {
    int status = ctx.response().getStatusCode();
    boolean problem = status >= 500;
    if (!problem && !mode.equals("all") && status < 400 && ms < slowMs) {
      return;
    }
    // As fields for the JSON log format (the text format shows the request id in the line).
    MDC.put(KEY, id);
    MDC.put("worker_id", workerId);
    // The line is written as the response ends, when the request's span may already be closed.
    SpanContext trace = RouteSpans.traceOf(ctx);
    if (trace != null) {
      MDC.put(TraceIds.TRACE_ID, trace.getTraceId());
      MDC.put(TraceIds.SPAN_ID, trace.getSpanId());
    }
    try {
      if (problem) {
        ACCESS.warn("{} {} {} {}ms request_id={}", ctx.request().method(), ctx.request().path(), status, ms, id);
      } else if (status >= 400) {
        refusals.info(Integer.toString(status), "{} {} {} {}ms request_id={}", ctx.request().method(), ctx.request().path(),
          status, ms, id);
      } else {
        ACCESS.info("{} {} {} {}ms request_id={}", ctx.request().method(), ctx.request().path(), status, ms, id);
      }
    } finally {
      MDC.remove(KEY);
      MDC.remove("worker_id");
      MDC.remove(TraceIds.TRACE_ID);
      MDC.remove(TraceIds.SPAN_ID);
    }
  }

  /** Writes a line about this request with its id as the JSON log format's {@code request_id}. */
  static void logWithId(RoutingContext ctx, Runnable line) {
    MDC.put(KEY, ensure(ctx));
    try {
      line.run();
    } finally {
      MDC.remove(KEY);
    }
  }

  /**
   * The request's id, given one now if it has none: a request the router refused before any route
   * ran (a path it cannot decode) still gets an id in its answer.
   */
  static String ensure(RoutingContext ctx) {
    String id = ctx.get(KEY);
    if (id == null) {
      String given = ctx.request().getHeader(HEADER);
      id = given != null && SANE.matcher(given).matches() ? given : fresh();
      ctx.put(KEY, id);
      ctx.response().putHeader(HEADER, id);
    }
    return id;
  }

  /**
   * A random version-4 UUID. An id only has to be unique, not secret, so it takes
   * {@code ThreadLocalRandom} rather than the SecureRandom behind {@code UUID.randomUUID()},
   * which every probe would otherwise pay for.
   */
  static String fresh() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  static String of(RoutingContext ctx) {
    String id = ctx.get(KEY);
    return id != null ? id : "none";
  }
}
