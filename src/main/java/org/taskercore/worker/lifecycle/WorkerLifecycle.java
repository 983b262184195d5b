package org.taskercore.worker.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** The worker's status and start time; listeners hear every change (health drops its cache). */
public final class WorkerLifecycle {

  private final AtomicReference<WorkerStatus> status = new AtomicReference<>(WorkerStatus.STARTING);
  private final List<Consumer<WorkerStatus>> listeners = new CopyOnWriteArrayList<>();
  private volatile Instant startedAt = Instant.now();

  public WorkerStatus status() {
    return status.get();
  }

  public Instant startedAt() {
    return startedAt;
  }

  public long uptimeSeconds() {
    return uptimeSeconds(Instant.now());
  }

  public long uptimeSeconds(Instant now) {
    return Duration.between(startedAt, now).toSeconds();
  }

  public void onChange(Consumer<WorkerStatus> listener) {
    listeners.add(listener);
  }

  public void running() {
    startedAt = Instant.now();
    moveTo(WorkerStatus.RUNNING);
  }

  /** @return false when the worker was not running (already draining or stopped) */
  public boolean draining() {
    boolean moved = status.compareAndSet(WorkerStatus.RUNNING, WorkerStatus.DRAINING)
      || status.compareAndSet(WorkerStatus.STARTING, WorkerStatus.DRAINING);
    if (moved) {
      listeners.forEach(l -> l.accept(WorkerStatus.DRAINING));
    }
    return moved;
  }

  public void stopped() {
    moveTo(WorkerStatus.STOPPED);
  }

  private void moveTo(WorkerStatus next) {
    if (status.getAndSet(next) != next) {
      listeners.forEach(l -> l.accept(next));
    }
  }
}
