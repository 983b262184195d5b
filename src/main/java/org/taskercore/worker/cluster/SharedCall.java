package org.taskercore.worker.cluster;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * At most one call in flight: callers that arrive while it runs share its answer instead of
 * starting another. A cluster fan-out asks every worker; eight dashboards or probes asking at
 * once then cost one fan-out, not eight. Sharing adds no staleness worth the name: each worker
 * answers from check results cached for up to a second anyway, and no caller gets an answer that
 * was complete before it asked. Answers are shared, so callers only read them.
 * <p>Hand-written on purpose: Caffeine's asynchronous cache (tried with a zero time to live) hands
 * a caller woken by an answer that same answer again, breaking the promise above.
 */
final class SharedCall<T> {

  private final Supplier<Future<T>> call;
  private final AtomicReference<Future<T>> running = new AtomicReference<>();

  SharedCall(Supplier<Future<T>> call) {
    this.call = call;
  }

  Future<T> get() {
    while (true) {
      Future<T> current = running.get();
      if (current != null) {
        return current;
      }
      Promise<T> promise = Promise.promise();
      if (running.compareAndSet(null, promise.future())) {
        Future<T> started;
        try {
          started = call.get();
        } catch (RuntimeException e) {
          started = Future.failedFuture(e);
        }
        started.onComplete(ar -> {
          running.compareAndSet(promise.future(), null); // a caller woken by this answer starts afresh
          promise.handle(ar);
        });
        return promise.future();
      }
    }
  }
}
