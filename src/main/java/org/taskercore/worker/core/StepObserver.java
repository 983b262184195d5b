package org.taskercore.worker.core;

/** Hears of every step that ran to an end (metrics record durations through it). */
@FunctionalInterface
public interface StepObserver {

  StepObserver NONE = (namespace, callable, outcome, durationNanos) -> { };

  void stepFinished(String namespace, String callable, StepOutcome outcome, long durationNanos);
}
