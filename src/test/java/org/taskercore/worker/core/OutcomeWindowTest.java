package org.taskercore.worker.core;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("The recent error rate forgets an old burst")
class OutcomeWindowTest {

  @Test
  @DisplayName("failures older than the window no longer count")
  void oldBurstAgesOut() {
    AtomicLong now = new AtomicLong(10_000_000);
    OutcomeWindow window = new OutcomeWindow(60, now::get);
    for (int i = 0; i < 50; i++) {
      window.record(false);
    }
    window.record(true);
    assertEquals(50.0 / 51, window.snapshot().errorRate(), 1e-9);
    now.addAndGet(30_000);
    for (int i = 0; i < 49; i++) {
      window.record(true);
    }
    assertEquals(0.5, window.snapshot().errorRate(), 1e-9);
    now.addAndGet(30_000);           // the burst's second has left the 60 s window
    OutcomeWindow.Snapshot later = window.snapshot();
    assertEquals(49, later.successes());
    assertEquals(0, later.failures());
    assertEquals(0.0, later.errorRate());
    now.addAndGet(3_600_000);
    assertEquals(0, window.snapshot().total(), "a bucket reused after wrapping starts from zero");
  }
}
