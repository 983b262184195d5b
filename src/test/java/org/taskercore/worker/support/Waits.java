package org.taskercore.worker.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Waiting for a condition rather than sleeping, on Awaitility: {@link #await(String)} for tests
 * that drive processes or blocking APIs from the test thread, and the same as a future for
 * tests written as Vert.x future chains (Awaitility polls on a worker thread, never an event loop).
 */
public final class Waits {

  private static final Duration EVERY = Duration.ofMillis(10);

  private Waits() {
  }

  /** Awaitility, checking at once and then every 10 ms; the alias names the condition in a timeout's message. */
  public static ConditionFactory await(String what) {
    return Awaitility.await(what).pollDelay(Duration.ZERO).pollInterval(EVERY);
  }

  public static Future<Void> eventually(Vertx vertx, Callable<Boolean> condition, Duration bound, String what) {
    return vertx.executeBlocking(() -> {
      await(what).atMost(bound).until(condition);
      return null;
    }, false);
  }

  /** The same for a condition that is itself asked (an HTTP call, say); a failed ask counts as not yet. */
  public static Future<Void> eventuallyAsync(Vertx vertx, Supplier<Future<Boolean>> condition, Duration bound, String what) {
    return eventually(vertx, () -> ask(condition, bound), bound, what);
  }

  private static boolean ask(Supplier<Future<Boolean>> condition, Duration bound) {
    try {
      return Boolean.TRUE.equals(condition.get().toCompletionStage().toCompletableFuture()
        .get(bound.toMillis(), TimeUnit.MILLISECONDS));
    } catch (Exception notYet) {
      return false;
    }
  }
}
