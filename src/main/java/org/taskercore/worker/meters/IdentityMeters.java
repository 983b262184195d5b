package org.taskercore.worker.meters;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.taskercore.worker.lifecycle.WorkerIdentity;
import org.taskercore.worker.lifecycle.WorkerLifecycle;

/** {@code tasker_worker_info} (who the worker is, always 1) and {@code tasker_worker_uptime_seconds}. */
public final class IdentityMeters implements MeterBinder {

  private final WorkerIdentity identity;
  private final WorkerLifecycle lifecycle;

  public IdentityMeters(WorkerIdentity identity, WorkerLifecycle lifecycle) {
    this.identity = identity;
    this.lifecycle = lifecycle;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("tasker.worker.info", () -> 1)
      .description("Worker identity; always 1")
      .tags("version", identity.version(), "worker_id", identity.workerId(), "worker_type", WorkerIdentity.WORKER_TYPE)
      .register(registry);
    Gauge.builder("tasker.worker.uptime", lifecycle, WorkerLifecycle::uptimeSeconds)
      .description("Seconds since the worker started").baseUnit("seconds").register(registry);
  }
}
