package org.taskercore.worker.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * The ids of the trace being worked on, as logs and error bodies show them. On an event loop the
 * current span is the one of the request or message at hand (Vert.x keeps it per context).
 */
public final class TraceIds {

  public static final String TRACE_ID = "trace_id";
  public static final String SPAN_ID = "span_id";

  private TraceIds() {
  }

  /** The current span's ids; null outside any trace (or with tracing off). */
  public static SpanContext current() {
    SpanContext context = Span.current().getSpanContext();
    return context.isValid() ? context : null;
  }
}
