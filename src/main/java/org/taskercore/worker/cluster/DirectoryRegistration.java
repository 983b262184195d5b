package org.taskercore.worker.cluster;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A worker's entry in the directory while deployed: written at start, removed at stop, and every
 * {@link #EVERY_MS} ms written again if a member joined since (see {@link WorkerDirectory#onArrival};
 * one write however many joined, so a fleet starting is not a write per worker per join), or if
 * it is missing or marked departed. After a partition the other side has
 * marked this worker departed (and later purged it), and a merge brings this member back with the
 * larger side's copy of the directory: the worker puts itself back within {@link #EVERY_MS} ms.
 */
public final class DirectoryRegistration extends VerticleBase {

  static final long EVERY_MS = 2_000;

  private final WorkerDirectory directory;
  private final Supplier<JsonObject> entry;
  private JsonObject written;
  private long timer = -1;
  private Runnable stopListening = () -> { };
  /** A member joined since the last tick: write unconditionally then (joins in a burst cost one write). */
  private final AtomicBoolean memberJoined = new AtomicBoolean();

  /** @param entry read at start, so it can hold what is known only then (the HTTP port, the start time) */
  public DirectoryRegistration(WorkerDirectory directory, Supplier<JsonObject> entry) {
    this.directory = directory;
    this.entry = entry;
  }

  @Override
  public Future<?> start() {
    written = entry.get();
    return directory.register(written).onSuccess(v -> {
      timer = vertx.setPeriodic(EVERY_MS, EVERY_MS, t -> reassert());
      stopListening = directory.onArrival(() -> memberJoined.set(true));
    });
  }

  private void reassert() {
    if (memberJoined.getAndSet(false)) {
      directory.register(written);
    } else {
      directory.reassert(written);
    }
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    stopListening.run();
    return directory.unregister(written.getString("worker_id"));
  }
}
