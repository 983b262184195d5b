package org.taskercore.worker.core;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/** Step counts by namespace and outcome, with totals and a recent-window error rate. */
public final class StepStats {

  private final Map<String, Map<StepOutcome, LongAdder>> byNamespace = new ConcurrentHashMap<>();
  private final OutcomeWindow recent;
  private volatile String lastFailureTraceId;

  public StepStats(int windowSeconds, LongSupplier clockMillis) {
    this.recent = new OutcomeWindow(windowSeconds, clockMillis);
  }

  void record(String namespace, StepOutcome outcome) {
    counter(namespace, outcome).increment();
    if (outcome != StepOutcome.REJECTED) {
      recent.record(outcome == StepOutcome.SUCCESS);
    }
  }

  /** The live counter, so a metrics binder reads it without copying. */
  public LongAdder counter(String namespace, StepOutcome outcome) {
    return byNamespace.computeIfAbsent(namespace, ns -> {
      Map<StepOutcome, LongAdder> counters = new EnumMap<>(StepOutcome.class);
      for (StepOutcome o : StepOutcome.values()) {
        counters.put(o, new LongAdder());
      }
      return counters;
    }).get(outcome);
  }

  public long total(StepOutcome outcome) {
    return byNamespace.values().stream().mapToLong(m -> m.get(outcome).sum()).sum();
  }

  /** Steps that ran to an end (rejected ones never ran). */
  public long executed() {
    return total(StepOutcome.SUCCESS) + total(StepOutcome.FAILURE) + total(StepOutcome.TIMEOUT);
  }

  /** A step that did not succeed, in a trace the backend keeps: the latest such trace is the one to look at. */
  void failedIn(String traceId) {
    lastFailureTraceId = traceId;
  }

  /** The trace of the latest step that did not succeed (null: none, or none traced). */
  public String lastFailureTraceId() {
    return lastFailureTraceId;
  }

  public OutcomeWindow.Snapshot recent() {
    return recent.snapshot();
  }
}
