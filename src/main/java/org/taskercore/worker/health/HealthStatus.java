package org.taskercore.worker.health;

import java.util.Locale;

/** A check's verdict, worst last; the gauge value is the ordinal (0, 1, 2). */
public enum HealthStatus {
  HEALTHY, DEGRADED, UNHEALTHY;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public HealthStatus worse(HealthStatus other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
