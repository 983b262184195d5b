package org.taskercore.worker.events;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded queue feeding a subscriber outside the in-JVM handler registry (a bus or bridge
 * consumer, another thread). Offering to a full channel drops the event and counts it: the
 * publisher never waits for a slow reader.
 */
public final class EventChannel {

  private final String pattern;
  private final BlockingQueue<DomainEvent> queue;
  private final LongAdder drops = new LongAdder();
  private final Runnable onClose;
  private volatile Runnable onAvailable = () -> { };

  EventChannel(String pattern, int capacity, Runnable onClose) {
    this.pattern = pattern;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.onClose = onClose;
  }

  public String pattern() {
    return pattern;
  }

  boolean offer(DomainEvent event) {
    if (queue.offer(event)) {
      onAvailable.run();
      return true;
    }
    drops.increment();
    return false;
  }

  /** The next event, or null after {@code timeoutMs} without one. */
  public DomainEvent poll(long timeoutMs) throws InterruptedException {
    return queue.poll(timeoutMs, TimeUnit.MILLISECONDS);
  }

  /** Every event waiting now. */
  public List<DomainEvent> drain() {
    List<DomainEvent> out = new ArrayList<>();
    queue.drainTo(out);
    return out;
  }

  /** Called on the publisher's thread after each event enters the channel; it must not block. */
  public void whenAvailable(Runnable signal) {
    this.onAvailable = signal;
  }

  public int size() {
    return queue.size();
  }

  public long drops() {
    return drops.sum();
  }

  /** Unsubscribes; events already queued stay readable. */
  public void close() {
    onClose.run();
  }
}
