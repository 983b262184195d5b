package org.taskercore.worker.web;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The one status table (failure code to HTTP status) and the one error body:
 * {@code {"error", "message", "status", "request_id"}}. No stack trace leaves the process: an
 * unexpected failure is logged here with its request id and answered with a plain message.
 */
final class HttpErrors {

  private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);
  private static final Map<Integer, String> CODES = Map.of(
    400, "invalid_argument", 401, "unauthorized", 403, "forbidden", 404, "not_found",
    405, "method_not_allowed", 500, "internal_error", 503, "service_unavailable", 504, "timeout");

  private HttpErrors() {
  }

  /** The HTTP status for a failed bus call; {@code noHandlers} is what an absent service means here. */
  static int statusOf(Throwable failure, int noHandlers) {
    if (failure instanceof ReplyException reply) {
      if (reply.failureType() == ReplyFailure.NO_HANDLERS) {
        return noHandlers;
      }
      if (reply.failureType() == ReplyFailure.TIMEOUT) {
        return 504;
      }
      int code = reply.failureCode();
      return CODES.containsKey(code) && code != 405 ? code : 500;
    }
    return 500;
  }

  /** Answers a failed bus call. */
  static void fail(RoutingContext ctx, Throwable failure, int noHandlers, String noHandlersMessage) {
    int status = statusOf(failure, noHandlers);
    String message;
    if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
      message = noHandlersMessage;
    } else if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.TIMEOUT) {
      message = "no answer within the request timeout";
    } else if (status == 500) {
      LOG.error("request {} {} {} failed", RequestIds.of(ctx), ctx.request().method(), ctx.request().path(), failure);
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
    JsonObject body = new JsonObject()
      .put("error", CODES.getOrDefault(status, "error"))
      .put("message", message)
      .put("status", status)
      .put("request_id", RequestIds.of(ctx));
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
