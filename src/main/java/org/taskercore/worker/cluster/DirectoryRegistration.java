package org.taskercore.worker.cluster;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

import java.util.function.Supplier;

/** A worker's entry in the directory while deployed: written at start, removed at stop. */
public final class DirectoryRegistration extends VerticleBase {

  private final WorkerDirectory directory;
  private final Supplier<JsonObject> entry;
  private String workerId;

  /** @param entry read at start, so it can hold what is known only then (the HTTP port, the start time) */
  public DirectoryRegistration(WorkerDirectory directory, Supplier<JsonObject> entry) {
    this.directory = directory;
    this.entry = entry;
  }

  @Override
  public Future<?> start() {
    JsonObject written = entry.get();
    workerId = written.getString("worker_id");
    return directory.register(written);
  }

  @Override
  public Future<?> stop() {
    return directory.unregister(workerId);
  }
}
