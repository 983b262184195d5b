package org.taskercore.worker.checks;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.taskercore.worker.protocol.HealthStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The worker's checks as vertx-health-check procedures, each registered with its timeout; the
 * readiness ones form the group {@code readiness/}. On top sits a per-check cache: a result older
 * than {@code cacheTtlMs} is served (marked cached, with its age) while a background run replaces
 * it, so a slow dependency never holds up a probe; only a check with no result yet is waited for,
 * never longer than its timeout.
 */
public final class CheckRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(CheckRegistry.class);

  /** The group of readiness procedures. */
  public static final String READINESS_GROUP = "readiness";

  /** How long the background refresh lets one recorded trace stand for an unchanged failure. */
  static final Duration RETRACE_UNCHANGED = Duration.ofMinutes(1);

  private final HealthChecks procedures;
  private final long timeoutMs;
  private final long cacheTtlMs;
  private final Tracer tracer;
  private final Map<String, Slot> slots = new LinkedHashMap<>();
  /** Changes whenever any check's stored result does, so readers can tell two answers apart cheaply. */
  private volatile long version;

  private static final class Slot {
    final String name;
    final String procedureId;
    CheckReport last;
    Future<CheckReport> running;
    /** The latest failing verdict recorded as a span, with its trace (see {@link #traced}). */
    CheckReport tracedFailure;

    Slot(String name, String procedureId) {
      this.name = name;
      this.procedureId = procedureId;
    }

    boolean readiness() {
      return procedureId.startsWith(READINESS_GROUP + "/");
    }
  }

  /** @param tracer where a run's span comes from (see {@link #traced}) */
  public CheckRegistry(Vertx vertx, long timeoutMs, long cacheTtlMs, Tracer tracer) {
    this.tracer = tracer;
    this.procedures = HealthChecks.create(vertx);
    this.timeoutMs = timeoutMs;
    this.cacheTtlMs = cacheTtlMs;
  }

  /**
   * Registers a procedure that completes its promise with a {@link Status} (see {@link CheckVerdicts}).
   *
   * @param readiness part of readiness (else only of the detailed view)
   * @throws IllegalArgumentException for a taken or unusable name
   */
  public synchronized CheckRegistry register(String name, boolean readiness, Handler<Promise<Status>> procedure) {
    if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}")) {
      throw new IllegalArgumentException("a health check name must match [A-Za-z0-9_.-]{1,64}: " + name);
    }
    if (slots.containsKey(name)) {
      throw new IllegalArgumentException("a health check named '" + name + "' is already registered");
    }
    String id = readiness ? READINESS_GROUP + "/" + name : name;
    procedures.register(id, timeoutMs, procedure);
    slots.put(name, new Slot(name, id));
    version++;
    return this;
  }

  /** Every check (or the readiness group), in registration order, as served at {@code now}. */
  public Future<List<CheckReport>> evaluate(boolean readinessOnly, Instant now) {
    List<Future<CheckReport>> reports = new ArrayList<>();
    for (Slot slot : slotsSnapshot()) {
      if (!readinessOnly || slot.readiness()) {
        reports.add(report(slot, now));
      }
    }
    return Future.all(reports).map(all -> all.<CheckReport>list());
  }

  /**
   * Moves whenever a stored result changes: two evaluations at the same millisecond and the same
   * version that were both served from the cache answered the same.
   */
  public long version() {
    return version;
  }

  /** Forgets every cached result, so the next answer reflects the worker as it is now. */
  public synchronized void invalidate() {
    slots.values().forEach(slot -> {
      slot.last = null;
      slot.running = null;
    });
    version++;
  }

  /** The most recent result of each check that has run (for gauges). */
  public synchronized Map<String, CheckReport> latest() {
    Map<String, CheckReport> out = new LinkedHashMap<>();
    slots.forEach((name, slot) -> {
      if (slot.last != null) {
        out.put(name, slot.last);
      }
    });
    return out;
  }

  public synchronized List<String> names() {
    return List.copyOf(slots.keySet());
  }

  long cacheTtlMs() {
    return cacheTtlMs;
  }

  /** Runs every check whose cached result is due (the background refresh). */
  void refreshAll() {
    slotsSnapshot().forEach(this::refresh);
  }

  private synchronized List<Slot> slotsSnapshot() {
    return List.copyOf(slots.values());
  }

  private Future<CheckReport> report(Slot slot, Instant now) {
    CheckReport last;
    synchronized (this) {
      last = slot.last;
    }
    if (last != null && cacheTtlMs > 0) {
      if (now.toEpochMilli() - last.lastChecked().toEpochMilli() >= cacheTtlMs) {
        refresh(slot);
      }
      return Future.succeededFuture(last.served(now));
    }
    return refresh(slot);
  }

  /** Starts a run unless one is under way; either way answers that run's future. */
  private Future<CheckReport> refresh(Slot slot) {
    Promise<CheckReport> promise;
    synchronized (this) {
      if (slot.running != null) {
        return slot.running;
      }
      promise = Promise.promise();
      slot.running = promise.future();
    }
    long started = System.nanoTime();
    Instant startedAt = Instant.now();
    Context caller = Context.current();
    procedures.checkStatus(slot.procedureId).onComplete(ar -> {
      CheckReport report = traced(slot, toReport(slot.name, ar.succeeded() ? ar.result()
        : CheckResult.from(slot.procedureId, ar.cause()), (System.nanoTime() - started) / 1_000_000), caller, startedAt);
      CheckReport previous;
      synchronized (this) {
        previous = slot.last;
        slot.last = report;
        slot.running = null;
        version++;
      }
      if (slot.readiness()) {
        logReadinessChange(previous, report);
      }
      promise.complete(report);
    });
    return promise.future();
  }

  /** Once when a readiness check stops being healthy, once when it is healthy again; never per probe. */
  private static void logReadinessChange(CheckReport previous, CheckReport now) {
    if (previous == null || (previous.status() == HealthStatus.HEALTHY) == (now.status() == HealthStatus.HEALTHY)) {
      return;
    }
    if (now.status() == HealthStatus.HEALTHY) {
      LOG.info("readiness check '{}' is healthy again: {}", now.name(), now.message());
    } else {
      LOG.warn("readiness check '{}' is {}, so the worker is not ready: {}", now.name(), now.status().wireName(), now.message());
    }
  }

  /**
   * A run as a span ({@code check <name>}), recorded once its verdict is known: within a caller's
   * trace always. Outside one (the background refresh) a healthy run records nothing, and a
   * failing one only when its verdict differs from the last failure recorded or that is
   * {@link #RETRACE_UNCHANGED} old; in between it names that recorded trace. So a failing check
   * has a trace to show, at most about one a minute while nothing changes rather than one per
   * refresh. A verdict that already names a trace (a failed step's) keeps it.
   */
  private CheckReport traced(Slot slot, CheckReport report, Context caller, Instant startedAt) {
    boolean within = Span.fromContext(caller).getSpanContext().isValid();
    String standing = standingTrace(slot, report);
    if (!within && report.status() == HealthStatus.HEALTHY) {
      return report;
    }
    if (!within && standing != null) {
      return report.traceId() != null ? report : report.traced(standing);
    }
    Span span = tracer.spanBuilder("check " + report.name()).setParent(caller).setStartTimestamp(startedAt)
      .setAttribute("tasker.check", report.name()).setAttribute("tasker.check_status", report.status().wireName())
      .startSpan();
    if (report.status() != HealthStatus.HEALTHY) {
      span.setStatus(StatusCode.ERROR, String.valueOf(report.message()));
    }
    span.end();
    SpanContext recorded = span.getSpanContext();
    if (!recorded.isSampled()) {
      return report;
    }
    CheckReport out = report.traceId() != null ? report : report.traced(recorded.getTraceId());
    if (out.status() != HealthStatus.HEALTHY) {
      synchronized (this) {
        slot.tracedFailure = out;
      }
    }
    return out;
  }

  /**
   * The trace of the failure last recorded for this check, when this run is the same verdict and
   * recent enough for it to stand; a healthy run ends that failure, so the next one is new.
   */
  private synchronized String standingTrace(Slot slot, CheckReport report) {
    CheckReport before = slot.tracedFailure;
    if (report.status() == HealthStatus.HEALTHY) {
      slot.tracedFailure = null;
      return null;
    }
    boolean same = before != null && before.status() == report.status() && Objects.equals(before.message(), report.message())
      && Duration.between(before.lastChecked(), report.lastChecked()).compareTo(RETRACE_UNCHANGED) < 0;
    return same ? before.traceId() : null;
  }

  private CheckReport toReport(String name, CheckResult result, long durationMs) {
    Throwable failure = result == null ? null : result.getFailure();
    if (failure != null) {
      // vertx-health-check fails a procedure that outlived its timeout with the message "Timeout".
      // A procedure that threw arrives wrapped; its own exception says why.
      Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
      String why = "Timeout".equals(failure.getMessage()) ? "timed out after " + timeoutMs + " ms"
        : "check failed: " + cause.getMessage();
      return new CheckReport(name, HealthStatus.UNHEALTHY, why, durationMs, Instant.now(), false, 0, null);
    }
    Status status = result == null ? null : result.getStatus();
    return new CheckReport(name, CheckVerdicts.statusOf(status), CheckVerdicts.messageOf(status), durationMs,
      Instant.now(), false, 0, CheckVerdicts.traceOf(status));
  }
}
