package org.taskercore.worker.checks;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Keeps every check's cached result fresh between probes, once per {@code cache_ttl_ms}. */
public final class CheckRefreshVerticle extends VerticleBase {

  private final CheckRegistry checks;
  private long timer = -1;

  public CheckRefreshVerticle(CheckRegistry checks) {
    this.checks = checks;
  }

  @Override
  public Future<?> start() {
    if (checks.cacheTtlMs() > 0) {
      timer = vertx.setPeriodic(checks.cacheTtlMs(), id -> checks.refreshAll());
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }
}
