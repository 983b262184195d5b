package org.taskercore.worker.lifecycle;

/** Where a worker is in its life. Only {@code RUNNING} is ready; all but {@code STOPPED} are alive. */
public enum WorkerStatus {
  STARTING, RUNNING, DRAINING, STOPPED
}
