package org.taskercore.worker.protocol;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

import java.util.Map;

/**
 * The failure codes every service and the step executor use, HTTP-like so that a caller maps
 * them to statuses with one table, and that table. Vert.x reserves -1 (a failed future that was
 * not a ServiceException); transport failures arrive as ReplyException NO_HANDLERS or TIMEOUT.
 */
public final class FailureCodes {

  public static final int INVALID_ARGUMENT = 400;
  public static final int UNAUTHORIZED = 401;
  public static final int FORBIDDEN = 403;
  public static final int NOT_FOUND = 404;
  public static final int METHOD_NOT_ALLOWED = 405;
  public static final int PAYLOAD_TOO_LARGE = 413;
  public static final int URI_TOO_LONG = 414;
  public static final int HEADERS_TOO_LARGE = 431;
  public static final int INTERNAL = 500;
  public static final int NOT_RUNNING = 503;
  public static final int TIMEOUT = 504;

  private static final Map<Integer, String> NAMES = Map.ofEntries(
    Map.entry(INVALID_ARGUMENT, "invalid_argument"), Map.entry(UNAUTHORIZED, "unauthorized"),
    Map.entry(FORBIDDEN, "forbidden"), Map.entry(NOT_FOUND, "not_found"),
    Map.entry(METHOD_NOT_ALLOWED, "method_not_allowed"), Map.entry(PAYLOAD_TOO_LARGE, "payload_too_large"),
    Map.entry(URI_TOO_LONG, "uri_too_long"), Map.entry(HEADERS_TOO_LARGE, "headers_too_large"),
    Map.entry(INTERNAL, "internal_error"), Map.entry(NOT_RUNNING, "service_unavailable"), Map.entry(TIMEOUT, "timeout"));

  /** Codes only the HTTP server itself answers; a service never fails with them. */
  private static final java.util.Set<Integer> HTTP_ONLY = java.util.Set.of(METHOD_NOT_ALLOWED, PAYLOAD_TOO_LARGE,
    URI_TOO_LONG, HEADERS_TOO_LARGE);

  private FailureCodes() {
  }

  /**
   * The code of a failed bus call: no handler is {@link #NOT_RUNNING}, no reply in time is
   * {@link #TIMEOUT}, a service's own known code stays, anything else is {@link #INTERNAL}.
   */
  public static int of(Throwable failure) {
    if (failure instanceof ReplyException reply) {
      if (reply.failureType() == ReplyFailure.NO_HANDLERS) {
        return NOT_RUNNING;
      }
      if (reply.failureType() == ReplyFailure.TIMEOUT) {
        return TIMEOUT;
      }
      int code = reply.failureCode();
      return NAMES.containsKey(code) && !HTTP_ONLY.contains(code) ? code : INTERNAL;
    }
    return INTERNAL;
  }

  /** Whether the bus found nobody to answer (no worker, or no such worker). */
  public static boolean noHandlers(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
  }

  /** The snake_case name of a code ({@code "not_found"}), as the error JSON's {@code error}. */
  public static String nameOf(int code) {
    return NAMES.getOrDefault(code, "error");
  }
}
