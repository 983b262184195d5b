package org.taskercore.worker.cluster;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Holds a worker's id in the cluster while deployed. Deployed before anything else, so a second
 * worker with a live worker's id fails to start before it binds a single address of that id.
 */
public final class WorkerIdClaim extends VerticleBase {

  private final WorkerDirectory directory;
  private final String workerId;
  private final String nodeId;

  public WorkerIdClaim(WorkerDirectory directory, String workerId, String nodeId) {
    this.directory = directory;
    this.workerId = workerId;
    this.nodeId = nodeId;
  }

  @Override
  public Future<?> start() {
    return directory.claim(workerId, nodeId);
  }

  @Override
  public Future<?> stop() {
    return directory.release(workerId, nodeId);
  }
}
