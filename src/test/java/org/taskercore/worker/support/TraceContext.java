package org.taskercore.worker.support;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** A caller's sampled trace for a test to hand to the worker, and to look up in the backend afterwards. */
public record TraceContext(String traceId, String spanId) {

  public static TraceContext random() {
    return new TraceContext(hex(16), hex(8));
  }

  /** The W3C header a caller sends to have its trace continued. */
  public String traceparent() {
    return "00-" + traceId + "-" + spanId + "-01";
  }

  /** The caller's span as an OpenTelemetry context, for a test that starts work itself. */
  public Context context() {
    return Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(traceId, spanId, TraceFlags.getSampled(),
      TraceState.getDefault())));
  }

  private static String hex(int bytes) {
    byte[] random = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
