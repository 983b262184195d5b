package org.taskercore.worker.runtime;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * The command processor's home: step consumers and template cache maintenance run on this
 * verticle's event loop.
 */
public final class WorkerVerticle extends VerticleBase {

  private final WorkerState state;

  public WorkerVerticle(WorkerState state) {
    this.state = state;
  }

  @Override
  public Future<?> start() {
    long maintenanceSeconds = state.config().worker().templates().maintenanceIntervalSeconds();
    if (maintenanceSeconds > 0) {
      long everyMs = maintenanceSeconds * 1000;
      vertx.setPeriodic(everyMs, everyMs, id -> vertx.executeBlocking(() -> state.templates().maintain(), false));
    }
    return state.executor().start(state.namespaces());
  }

  @Override
  public Future<?> stop() {
    return state.executor().stopAccepting();
  }
}
