package org.taskercore.worker.health;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs named checks in parallel, each under its own timeout, and keeps each one's last result
 * for {@code cacheTtlMs}. A result older than that is served (marked cached, with its age) while
 * a background run replaces it, so a slow dependency never holds up a probe; only a check with
 * no result at all is waited for, and never longer than its timeout.
 */
public final class HealthRegistry {

  private final Vertx vertx;
  private final long timeoutMs;
  private final long cacheTtlMs;
  private final Map<String, Slot> slots = new LinkedHashMap<>();
  private long refreshTimer = -1;

  private static final class Slot {
    final HealthCheck check;
    CheckReport last;
    Future<CheckReport> running;

    Slot(HealthCheck check) {
      this.check = check;
    }
  }

  public HealthRegistry(Vertx vertx, long timeoutMs, long cacheTtlMs) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
    this.cacheTtlMs = cacheTtlMs;
  }

  /** @throws IllegalArgumentException when a check of that name exists */
  public synchronized HealthRegistry register(HealthCheck check) {
    if (slots.putIfAbsent(check.name(), new Slot(check)) != null) {
      throw new IllegalArgumentException("a health check named '" + check.name() + "' is already registered");
    }
    return this;
  }

  /** Every check (or the readiness ones), in registration order. */
  public Future<List<CheckReport>> evaluate(boolean readinessOnly) {
    List<Future<CheckReport>> reports = new ArrayList<>();
    for (Slot slot : slotsSnapshot()) {
      if (!readinessOnly || slot.check.readiness()) {
        reports.add(report(slot));
      }
    }
    return Future.all(reports).map(all -> all.<CheckReport>list());
  }

  /** Forgets every cached result, so the next answer reflects the worker as it is now. */
  public synchronized void invalidate() {
    slots.values().forEach(slot -> {
      slot.last = null;
      slot.running = null;
    });
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

  /** Keeps results fresh between probes. */
  public void startBackgroundRefresh() {
    if (cacheTtlMs > 0 && refreshTimer < 0) {
      refreshTimer = vertx.setPeriodic(cacheTtlMs, id -> slotsSnapshot().forEach(this::refresh));
    }
  }

  public void stopBackgroundRefresh() {
    if (refreshTimer >= 0) {
      vertx.cancelTimer(refreshTimer);
      refreshTimer = -1;
    }
  }

  private synchronized List<Slot> slotsSnapshot() {
    return List.copyOf(slots.values());
  }

  private Future<CheckReport> report(Slot slot) {
    Instant now = Instant.now();
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
    Promise<CheckResult> outcome = Promise.promise();
    long timer = vertx.setTimer(timeoutMs,
      t -> outcome.tryComplete(CheckResult.unhealthy("timed out after " + timeoutMs + " ms")));
    Future<CheckResult> run;
    try {
      run = slot.check.run();
    } catch (RuntimeException e) {
      run = Future.failedFuture(e);
    }
    run.onComplete(ar -> outcome.tryComplete(ar.succeeded() && ar.result() != null
      ? ar.result() : CheckResult.unhealthy("check failed: " + (ar.failed() ? ar.cause().getMessage() : "no result"))));
    outcome.future().onComplete(ar -> {
      vertx.cancelTimer(timer);
      CheckResult result = ar.result();
      CheckReport report = new CheckReport(slot.check.name(), result.status(), result.message(),
        (System.nanoTime() - started) / 1_000_000, Instant.now(), false, 0);
      synchronized (this) {
        slot.last = report;
        slot.running = null;
      }
      promise.complete(report);
    });
    return promise.future();
  }
}
