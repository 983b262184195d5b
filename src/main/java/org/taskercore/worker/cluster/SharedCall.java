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
 *
 * @param <T> the answer
 * @param <S> what each caller says it is (a span), so that one who joins learns whose call it shares
 */
final class SharedCall<T, S> {

  /** The call a caller got: its answer, who started it, and whether that was someone else. */
  record Joined<T, S>(Future<T> answer, S startedBy, boolean shared) {
  }

  private record Running<T, S>(Future<T> answer, S startedBy) {
  }

  private final Supplier<Future<T>> call;
  private final AtomicReference<Running<T, S>> running = new AtomicReference<>();

  SharedCall(Supplier<Future<T>> call) {
    this.call = call;
  }

  /** The call under way, or one started now on behalf of {@code caller}. */
  Joined<T, S> get(S caller) {
    while (true) {
      Running<T, S> current = running.get();
      if (current != null) {
        return new Joined<>(current.answer(), current.startedBy(), true);
      }
      Promise<T> promise = Promise.promise();
      Running<T, S> mine = new Running<>(promise.future(), caller);
      if (running.compareAndSet(null, mine)) {
        Future<T> started;
        try {
          started = call.get();
        } catch (RuntimeException e) {
          started = Future.failedFuture(e);
        }
        started.onComplete(ar -> {
          running.compareAndSet(mine, null); // a caller woken by this answer starts afresh
          promise.handle(ar);
        });
        return new Joined<>(promise.future(), caller, false);
      }
    }
  }
}
