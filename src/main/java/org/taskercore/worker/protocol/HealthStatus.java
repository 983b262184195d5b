package org.taskercore.worker.protocol;

import java.util.Collection;
import java.util.Locale;

/** A check's verdict, worst last; the gauge value is the ordinal (0, 1, 2). */
public enum HealthStatus {
  HEALTHY, DEGRADED, UNHEALTHY;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status a wire name stands for; anything unknown (e.g. "unreachable") counts as unhealthy. */
  public static HealthStatus ofWireName(String name) {
    for (HealthStatus status : values()) {
      if (status.wireName().equals(name)) {
        return status;
      }
    }
    return UNHEALTHY;
  }

  /** The worst of them; {@code HEALTHY} for none. */
  public static HealthStatus worst(Collection<HealthStatus> statuses) {
    HealthStatus worst = HEALTHY;
    for (HealthStatus status : statuses) {
      worst = status.ordinal() > worst.ordinal() ? status : worst;
    }
    return worst;
  }
}
