package org.taskercore.worker.protocol;

import java.util.Collection;

/**
 * The health answers and their two rules, kept in one place: how an answer's {@code status}
 * follows from its checks, and which HTTP code the answer gets. The web routes, the library
 * facade's {@code isReady()} / {@code isAlive()} and the {@code probe} command all ask here.
 */
public enum HealthAnswer {
  /** {@code status: "healthy"} while the process answers. */
  BASIC,
  /** {@code status: "alive"} until the worker has stopped. */
  LIVE,
  /** Readiness: {@code healthy} only when every readiness check is, else {@code unhealthy}; 503 unless healthy. */
  READY,
  /** Every check: {@code healthy} when all are, else {@code degraded}; always 200, the body says the rest. */
  DETAILED,
  /**
   * Every worker of a cluster: {@code unhealthy} when any is unreachable or unhealthy, {@code healthy}
   * when all are healthy, else {@code degraded}. Like the detailed answer, degraded is a 200 whose
   * body says what is wrong: only {@code unhealthy} (a worker that cannot serve) is 503.
   */
  CLUSTER;

  public static final String ALIVE = "alive";

  /** The answer's {@code status} for these check (or worker) statuses; an empty cluster is unhealthy. */
  public String status(Collection<HealthStatus> parts) {
    HealthStatus worst = HealthStatus.worst(parts);
    return switch (this) {
      case BASIC -> HealthStatus.HEALTHY.wireName();
      case LIVE -> ALIVE;
      case READY -> (worst == HealthStatus.HEALTHY ? HealthStatus.HEALTHY : HealthStatus.UNHEALTHY).wireName();
      case DETAILED -> (worst == HealthStatus.HEALTHY ? HealthStatus.HEALTHY : HealthStatus.DEGRADED).wireName();
      case CLUSTER -> (parts.isEmpty() ? HealthStatus.UNHEALTHY : worst).wireName();
    };
  }

  /** The HTTP code for an answer of this kind whose {@code status} is {@code status}. */
  public int httpCode(String status) {
    return switch (this) {
      case BASIC, DETAILED -> 200;
      case LIVE -> ALIVE.equals(status) ? 200 : 503;
      case READY -> HealthStatus.HEALTHY.wireName().equals(status) ? 200 : 503;
      case CLUSTER -> HealthStatus.UNHEALTHY.wireName().equals(status) ? 503 : 200;
    };
  }

  /** Whether the answer says yes: what {@code probe} and {@code isReady()} / {@code isAlive()} report. */
  public boolean passes(String status) {
    return httpCode(status) == 200;
  }
}
