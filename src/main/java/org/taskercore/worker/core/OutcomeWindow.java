package org.taskercore.worker.core;

import java.util.function.LongSupplier;

/**
 * Successes and failures over the last N seconds, in one-second buckets, so an error rate
 * reflects recent behaviour and an old burst of failures ages out.
 */
public final class OutcomeWindow {

  /** The window's counts at one moment. */
  public record Snapshot(long successes, long failures, int windowSeconds) {
    public long total() {
      return successes + failures;
    }

    /** Failures over all outcomes; 0 when nothing ran. */
    public double errorRate() {
      return total() == 0 ? 0.0 : (double) failures / total();
    }
  }

  private final int seconds;
  private final LongSupplier clockMillis;
  private final long[] bucketSecond;
  private final long[] successes;
  private final long[] failures;

  public OutcomeWindow(int seconds, LongSupplier clockMillis) {
    this.seconds = seconds;
    this.clockMillis = clockMillis;
    this.bucketSecond = new long[seconds];
    this.successes = new long[seconds];
    this.failures = new long[seconds];
    java.util.Arrays.fill(bucketSecond, -1);
  }

  public synchronized void record(boolean success) {
    int i = bucketFor(clockMillis.getAsLong() / 1000);
    if (success) {
      successes[i]++;
    } else {
      failures[i]++;
    }
  }

  public synchronized Snapshot snapshot() {
    long now = clockMillis.getAsLong() / 1000;
    long ok = 0;
    long failed = 0;
    for (int i = 0; i < seconds; i++) {
      if (bucketSecond[i] > now - seconds) {
        ok += successes[i];
        failed += failures[i];
      }
    }
    return new Snapshot(ok, failed, seconds);
  }

  private int bucketFor(long second) {
    int i = (int) (second % seconds);
    if (bucketSecond[i] != second) {
      bucketSecond[i] = second;
      successes[i] = 0;
      failures[i] = 0;
    }
    return i;
  }
}
