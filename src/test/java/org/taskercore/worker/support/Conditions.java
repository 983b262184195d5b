package org.taskercore.worker.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waiting for a condition rather than sleeping: a future that completes once the condition
 * holds (checked every 10 ms on a Vert.x timer), or fails naming it after {@code bound}; and the
 * same for tests that drive processes from a plain thread.
 */
public final class Conditions {

  private static final long EVERY_MS = 10;

  private Conditions() {
  }

  public static Future<Void> eventually(Vertx vertx, BooleanSupplier condition, Duration bound, String what) {
    Promise<Void> held = Promise.promise();
    long deadline = System.nanoTime() + bound.toNanos();
    vertx.setPeriodic(0, EVERY_MS, timer -> {
      if (condition.getAsBoolean()) {
        vertx.cancelTimer(timer);
        held.tryComplete();
      } else if (System.nanoTime() > deadline) {
        vertx.cancelTimer(timer);
        held.tryFail(new AssertionError("not true within " + bound + ": " + what));
      }
    });
    return held.future();
  }

  /** Polls on the calling thread, for tests of processes and blocking APIs. */
  public static void until(BooleanSupplier condition, Duration bound, String what) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not true within " + bound + ": " + what);
      }
      try {
        Thread.sleep(EVERY_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
