package org.taskercore.worker.core;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.taskercore.worker.templates.TemplateCache;

import java.util.List;

/**
 * The command processor's home: step consumers and template cache maintenance run on this
 * verticle's event loop. Undeploying it stops taking steps and lets the running and queued ones
 * finish, within {@code shutdown_timeout_ms}.
 */
public final class CommandProcessorVerticle extends VerticleBase {

  private final StepExecutor executor;
  private final List<String> namespaces;
  private final TemplateCache templates;
  private final long maintenanceIntervalMs;
  private final long drainTimeoutMs;

  public CommandProcessorVerticle(StepExecutor executor, List<String> namespaces, TemplateCache templates,
                                  long maintenanceIntervalMs, long drainTimeoutMs) {
    this.executor = executor;
    this.namespaces = List.copyOf(namespaces);
    this.templates = templates;
    this.maintenanceIntervalMs = maintenanceIntervalMs;
    this.drainTimeoutMs = drainTimeoutMs;
  }

  @Override
  public Future<?> start() {
    if (maintenanceIntervalMs > 0) {
      vertx.setPeriodic(maintenanceIntervalMs, maintenanceIntervalMs,
        id -> vertx.executeBlocking(templates::maintain, false));
    }
    return executor.start(namespaces);
  }

  @Override
  public Future<?> stop() {
    return executor.stopAccepting().compose(v -> executor.drain(drainTimeoutMs));
  }
}
