package org.taskercore.worker.meters;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.taskercore.worker.checks.CheckRegistry;
import org.taskercore.worker.checks.CheckReport;

/** Each registered check's last status (0 healthy, 1 degraded, 2 unhealthy) and duration; NaN before its first run. */
public final class CheckMeters implements MeterBinder {

  private final CheckRegistry checks;

  public CheckMeters(CheckRegistry checks) {
    this.checks = checks;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (String check : checks.names()) {
      Gauge.builder("tasker.worker.health.check.status", checks, h -> statusOf(h.latest().get(check)))
        .description("Last result per health check: 0 healthy, 1 degraded, 2 unhealthy")
        .tag("check", check).register(registry);
      Gauge.builder("tasker.worker.health.check.duration", checks, h -> durationOf(h.latest().get(check)))
        .description("Duration of the last run per health check").baseUnit("seconds")
        .tag("check", check).register(registry);
    }
  }

  private static double statusOf(CheckReport report) {
    return report == null ? Double.NaN : report.status().ordinal();
  }

  private static double durationOf(CheckReport report) {
    return report == null ? Double.NaN : report.durationMs() / 1000.0;
  }
}
