package org.taskercore.worker.web;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.LoggerFactory;
import org.taskercore.worker.logging.LogThrottle;
import org.taskercore.worker.protocol.FailureCodes;

/**
 * Requests the server refuses before any route reads them, answered like every other error (the
 * error JSON and an {@code X-Request-Id}) and with the connection closed: one the HTTP decoder
 * could not read (headers too large 431, request line too long 414, both {@code Content-Length} and
 * {@code Transfer-Encoding} 400 — see {@link StrictRequestDecoder} — anything else 400), and one
 * whose framing is ambiguous in a way the decoder lets through: a {@code Transfer-Encoding} other
 * than {@code chunked}, which it reads beside a {@code Content-Length} or until the connection closes.
 */
final class RequestFraming {

  /** Headers a request may carry in all: room for a bearer token of the largest size accepted, and more. */
  static final int MAX_HEADER_BYTES = 16 * 1024;

  private static final LogThrottle LOG = new LogThrottle(LoggerFactory.getLogger("org.taskercore.worker.web.access"));

  private RequestFraming() {
  }

  /** For {@code HttpServer.invalidRequestHandler}. */
  static void invalid(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status;
    String message;
    if (cause instanceof StrictRequestDecoder.AmbiguousFraming) {
      status = FailureCodes.INVALID_ARGUMENT;
      message = "a request with both Content-Length and Transfer-Encoding is refused (RFC 9112 section 6.1)";
    } else if (cause instanceof TooLongHttpLineException) {
      status = FailureCodes.URI_TOO_LONG;
      message = "the request line is too long";
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = FailureCodes.HEADERS_TOO_LARGE;
      message = "the request's headers are larger than " + MAX_HEADER_BYTES + " bytes";
    } else {
      status = FailureCodes.INVALID_ARGUMENT;
      message = "the request could not be read as HTTP/1.1";
    }
    LOG.info(Integer.toString(status), "refused an unreadable request from {}: {}", request.remoteAddress(), message);
    HttpErrors.refuseAndClose(request, status, message);
  }

  /** The first handler of every route. */
  static Handler<RoutingContext> unambiguous() {
    return ctx -> {
      java.util.List<String> codings = ctx.request().headers().getAll(HttpHeaders.TRANSFER_ENCODING);
      if (!codings.isEmpty() && (codings.size() > 1 || !codings.get(0).equalsIgnoreCase("chunked")
        || ctx.request().headers().contains(HttpHeaders.CONTENT_LENGTH))) {
        LOG.info("framing", "refused a request with Transfer-Encoding {} from {}", codings, ctx.request().remoteAddress());
        HttpErrors.refuseAndClose(ctx.request(), FailureCodes.INVALID_ARGUMENT,
          "only Transfer-Encoding: chunked is accepted, and never beside Content-Length (RFC 9112 section 6.1)");
      } else {
        ctx.next();
      }
    };
  }
}
