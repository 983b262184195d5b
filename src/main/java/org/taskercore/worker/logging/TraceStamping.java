package org.taskercore.worker.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.AppenderAttachableImpl;
import io.opentelemetry.api.trace.SpanContext;
import org.slf4j.MDC;
import org.taskercore.worker.tracing.TraceIds;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Adds the current span's {@code trace_id} and {@code span_id} to a line's MDC, then hands it on.
 * It must be the first appender a line meets: the ids are read on the thread that logs (on an
 * event loop, Vert.x knows the span of the request or message at hand), not on the asynchronous
 * appender's thread. A line that already names a trace (the access log's) keeps it.
 */
public final class TraceStamping extends UnsynchronizedAppenderBase<ILoggingEvent>
  implements AppenderAttachable<ILoggingEvent> {

  private final AppenderAttachableImpl<ILoggingEvent> next = new AppenderAttachableImpl<>();

  @Override
  protected void append(ILoggingEvent event) {
    SpanContext trace = TraceIds.current();
    // The logging thread's MDC is the line's own until an appender reads it, which none has yet.
    if (trace != null && event instanceof LoggingEvent line && MDC.get(TraceIds.TRACE_ID) == null) {
      Map<String, String> given = MDC.getCopyOfContextMap();
      Map<String, String> mdc = given == null ? new HashMap<>() : new HashMap<>(given);
      mdc.put(TraceIds.TRACE_ID, trace.getTraceId());
      mdc.put(TraceIds.SPAN_ID, trace.getSpanId());
      line.setMDCPropertyMap(mdc);
    }
    next.appendLoopOnAppenders(event);
  }

  @Override
  public void stop() {
    next.detachAndStopAllAppenders();
    super.stop();
  }

  @Override
  public void addAppender(Appender<ILoggingEvent> appender) {
    next.addAppender(appender);
  }

  @Override
  public Iterator<Appender<ILoggingEvent>> iteratorForAppenders() {
    return next.iteratorForAppenders();
  }

  @Override
  public Appender<ILoggingEvent> getAppender(String name) {
    return next.getAppender(name);
  }

  @Override
  public boolean isAttached(Appender<ILoggingEvent> appender) {
    return next.isAttached(appender);
  }

  @Override
  public void detachAndStopAllAppenders() {
    next.detachAndStopAllAppenders();
  }

  @Override
  public boolean detachAppender(Appender<ILoggingEvent> appender) {
    return next.detachAppender(appender);
  }

  @Override
  public boolean detachAppender(String name) {
    return next.detachAppender(name);
  }
}
