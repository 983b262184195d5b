package org.taskercore.worker.checks;

import org.taskercore.worker.protocol.HealthStatus;

import java.time.Instant;

/**
 * A check's result as served: {@code cached} when it came from the per-check cache rather than
 * a run for this request, with its age.
 */
public record CheckReport(String name, HealthStatus status, String message, long durationMs,
                          Instant lastChecked, boolean cached, long ageMs, String traceId) {

  CheckReport served(Instant now) {
    return new CheckReport(name, status, message, durationMs, lastChecked, true,
      Math.max(0, now.toEpochMilli() - lastChecked.toEpochMilli()), traceId);
  }

  CheckReport traced(String id) {
    return new CheckReport(name, status, message, durationMs, lastChecked, cached, ageMs, id);
  }
}
