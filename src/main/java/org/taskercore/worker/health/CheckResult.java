package org.taskercore.worker.health;

/** What a check procedure says: a status and, when useful, why. */
public record CheckResult(HealthStatus status, String message) {

  public static CheckResult healthy(String message) {
    return new CheckResult(HealthStatus.HEALTHY, message);
  }

  public static CheckResult degraded(String message) {
    return new CheckResult(HealthStatus.DEGRADED, message);
  }

  public static CheckResult unhealthy(String message) {
    return new CheckResult(HealthStatus.UNHEALTHY, message);
  }
}
