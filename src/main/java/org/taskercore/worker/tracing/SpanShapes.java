package org.taskercore.worker.tracing;

import io.opentelemetry.api.trace.StatusCode;
import io.vertx.core.Context;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.tracing.opentelemetry.Operation;
import org.taskercore.worker.protocol.BusHeaders;
import org.taskercore.worker.protocol.FailureCodes;

import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Vert.x's OpenTelemetry spans, named and tagged for what they do. Vert.x calls every event-bus span "send";
 * here a service call is named by its service and method (the address's last part and the
 * {@code action} header the proxies set, e.g. {@code health.detailed}) and any other message {@code send <address>}, on both sides. The
 * address stays in {@code messaging.destination.name}. HTTP server spans are named by their
 * route later, once the router knows it, and carry the method, scheme and path but not the full
 * URL or the query: a query may hold what a caller should not have sent in it, and building the
 * absolute URL costs every request.
 */
final class SpanShapes implements VertxTracer<Object, Object> {

  /** An action comes from outside over a bridge before the service refuses an unknown one: a span name stays short. */
  private static final int MAX_NAME = 64;

  private final VertxTracer<Object, Object> spans;

  private static final String[] HTTP_SERVER_TAG_NAMES = {"http.request.method", "url.scheme", "url.path"};

  private static final TagExtractor<HttpServerRequest> HTTP_SERVER_TAGS = new TagExtractor<>() {
    @Override
    public int len(HttpServerRequest request) {
      return HTTP_SERVER_TAG_NAMES.length;
    }

    @Override
    public String name(HttpServerRequest request, int index) {
      return HTTP_SERVER_TAG_NAMES[index];
    }

    @Override
    public String value(HttpServerRequest request, int index) {
      return switch (index) {
        case 0 -> request.method().name();
        case 1 -> request.scheme();
        case 2 -> request.path();
        default -> throw new IndexOutOfBoundsException(index);
      };
    }
  };

  @SuppressWarnings("unchecked")
  SpanShapes(VertxTracer<?, ?> spans) {
    this.spans = (VertxTracer<Object, Object>) spans;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <R> Object receiveRequest(Context context, SpanKind kind, TracingPolicy policy, R request, String operation,
                                   Iterable<Map.Entry<String, String>> headers, TagExtractor<R> tagExtractor) {
    TagExtractor<R> tags = request instanceof HttpServerRequest ? (TagExtractor<R>) HTTP_SERVER_TAGS : tagExtractor;
    return spans.receiveRequest(context, kind, policy, request, nameOf(request, operation), headers, tags);
  }

  @Override
  public <R> void sendResponse(Context context, R response, Object payload, Throwable failure,
                               TagExtractor<R> tagExtractor) {
    spans.sendResponse(context, response, payload, failure, tagExtractor);
  }

  @Override
  public <R> Object sendRequest(Context context, SpanKind kind, TracingPolicy policy, R request, String operation,
                                BiConsumer<String, String> headers, TagExtractor<R> tagExtractor) {
    return spans.sendRequest(context, kind, policy, request, nameOf(request, operation), headers, tagExtractor);
  }

  /**
   * Vert.x records a failed call's exception on its client span but leaves the status unset, so a
   * trace backend would not show the call as failed: mark it, with the failure's code name
   * ({@code not_found}, {@code timeout}, {@code service_unavailable}, ...) as the description.
   */
  @Override
  public <R> void receiveResponse(Context context, R response, Object payload, Throwable failure,
                                  TagExtractor<R> tagExtractor) {
    if (failure != null && payload instanceof Operation call) {
      call.span().setStatus(StatusCode.ERROR, failure instanceof ReplyException
        ? FailureCodes.nameOf(FailureCodes.of(failure)) : failure.getClass().getSimpleName());
    }
    spans.receiveResponse(context, response, payload, failure, tagExtractor);
  }

  @Override
  public void close() {
    spans.close();
  }

  /** {@code tasker.worker.w1.health} → {@code health.}: the service, as its method's prefix. */
  private static String serviceOf(String address) {
    int dot = address.lastIndexOf('.');
    return dot < 0 ? "" : address.substring(dot + 1) + ".";
  }

  private static String nameOf(Object request, String operation) {
    if (request instanceof Message<?> message) {
      String action = message.headers().get(BusHeaders.ACTION);
      String name = action != null ? serviceOf(message.address()) + action : operation + " " + message.address();
      return name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME);
    }
    return operation;
  }
}
