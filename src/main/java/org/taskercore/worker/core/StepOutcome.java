package org.taskercore.worker.core;

import java.util.Locale;

/** How a step ended on this worker; the {@code outcome} label of the steps counter. */
public enum StepOutcome {
  SUCCESS, FAILURE, TIMEOUT, REJECTED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
