package org.taskercore.worker.support;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Blocking waits for tests: a future's result, or a condition, each with a bound. */
public final class Await {

  private Await() {
  }

  public static <T> T result(Future<T> future) {
    return result(future, Duration.ofSeconds(20));
  }

  public static <T> T result(Future<T> future, Duration bound) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new RuntimeException(e.getCause());
    } catch (Exception e) {
      throw new AssertionError("no result within " + bound + "; Vert.x threads then:\n" + vertxThreads(), e);
    }
  }

  /** Where each Vert.x and Hazelcast thread stood, so a hang in CI explains itself. */
  static String vertxThreads() {
    StringBuilder out = new StringBuilder();
    Thread.getAllStackTraces().forEach((thread, stack) -> {
      if (thread.getName().startsWith("vert.x") || thread.getName().startsWith("hz.")) {
        out.append(thread.getName()).append(' ').append(thread.getState()).append('\n');
        for (int i = 0; i < Math.min(8, stack.length); i++) {
          out.append("    at ").append(stack[i]).append('\n');
        }
      }
    });
    return out.toString();
  }

  /** The failure of a future that must fail. */
  public static Throwable failure(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError("no outcome within 20 s", e);
    }
    throw new AssertionError("expected a failure, got a result");
  }

  /** Polls until the condition holds; fails after {@code bound}. */
  public static void until(BooleanSupplier condition, Duration bound, String what) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not true within " + bound + ": " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
