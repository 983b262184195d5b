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
 * could not read (headers too large 431, request line too long 414, anything else 400), and one
 * that carries {@code Transfer-Encoding}. No route takes a chunked body, and the decoder drops
 * {@code Content-Length} when both are sent, so a request with both (RFC 9112 §6.1, the shape of
 * request smuggling) would otherwise be read one way here and another way by a proxy in front.
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
    if (cause instanceof TooLongHttpLineException) {
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
      if (ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
        LOG.info("framing", "refused a request with Transfer-Encoding from {}", ctx.request().remoteAddress());
        HttpErrors.refuseAndClose(ctx.request(), FailureCodes.INVALID_ARGUMENT,
          "Transfer-Encoding is not accepted here: send a Content-Length (a request with both is refused, RFC 9112 section 6.1)");
      } else {
        ctx.next();
      }
    };
  }
}
