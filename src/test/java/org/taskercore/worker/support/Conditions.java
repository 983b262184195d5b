package org.taskercore.worker.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

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
    return eventuallyAsync(vertx, () -> Future.succeededFuture(condition.getAsBoolean()), bound, what);
  }

  /** The same for a condition that is itself asked (an HTTP call, say); a failed ask counts as not yet. */
  public static Future<Void> eventuallyAsync(Vertx vertx, Supplier<Future<Boolean>> condition, Duration bound, String what) {
    Promise<Void> held = Promise.promise();
    check(vertx, condition, System.nanoTime() + bound.toNanos(), bound, what, held);
    return held.future();
  }

  private static void check(Vertx vertx, Supplier<Future<Boolean>> condition, long deadline, Duration bound, String what,
                            Promise<Void> held) {
    condition.get().otherwise(false).onComplete(ar -> {
      if (Boolean.TRUE.equals(ar.result())) {
        held.tryComplete();
      } else if (System.nanoTime() > deadline) {
        held.tryFail(new AssertionError("not true within " + bound + ": " + what));
      } else {
        vertx.setTimer(EVERY_MS, t -> check(vertx, condition, deadline, bound, what, held));
      }
    });
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
