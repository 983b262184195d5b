package org.taskercore.worker.web;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.opentelemetry.api.trace.SpanContext;
import org.taskercore.worker.protocol.FailureCodes;
import org.taskercore.worker.tracing.TraceIds;

/**
 * The one error body, {@code {"error", "message", "status", "request_id"}} (and {@code "trace_id"} when the request is traced), and how a failed bus
 * call becomes one (the status table itself is {@link FailureCodes}). No stack trace leaves the
 * process: an unexpected failure is logged here with its request id and answered with a plain
 * message.
 */
final class HttpErrors {

  private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

  private HttpErrors() {
  }

  /**
   * Answers a failed bus call.
   *
   * @param noHandlers the status an absent service means here: 503 for this process's worker, 404 for a named one
   */
  static void fail(RoutingContext ctx, Throwable failure, int noHandlers, String noHandlersMessage) {
    int status = FailureCodes.noHandlers(failure) ? noHandlers : FailureCodes.of(failure);
    String message;
    if (FailureCodes.noHandlers(failure)) {
      message = noHandlersMessage;
    } else if (status == FailureCodes.TIMEOUT) {
      message = "no answer within the request timeout";
    } else if (status == FailureCodes.INTERNAL) {
      RequestIds.logWithId(ctx, () -> LOG.error("request {} {} {} failed", RequestIds.of(ctx), ctx.request().method(),
        ctx.request().path(), failure));
      message = "internal error; see the worker log for request " + RequestIds.of(ctx);
    } else {
      message = failure.getMessage();
    }
    send(ctx, status, message);
  }

  static void send(RoutingContext ctx, int status, String message) {
    if (ctx.response().ended()) {
      return;
    }
    JsonObject body = body(status, message, RequestIds.ensure(ctx));
    SpanContext trace = RouteSpans.traceOf(ctx);
    if (trace != null) {
      body.put(TraceIds.TRACE_ID, trace.getTraceId());
    }
    JsonResponses.send(ctx, status, body);
  }

  /**
   * Refuses a request the server will not read on (it could not parse it, or its framing is
   * ambiguous): the error JSON with a new request id, then the connection is closed, so nothing
   * pipelined behind it is ever answered.
   */
  static void refuseAndClose(HttpServerRequest request, int status, String message) {
    String requestId = RequestIds.fresh();
    HttpServerResponse response = request.response().putHeader(RequestIds.HEADER, requestId).putHeader("Connection", "close");
    JsonResponses.send(response, status, body(status, message, requestId)).eventually(() -> request.connection().close());
  }

  private static JsonObject body(int status, String message, String requestId) {
    return new JsonObject()
      .put("error", FailureCodes.nameOf(status))
      .put("message", message)
      .put("status", status)
      .put("request_id", requestId);
  }
}
