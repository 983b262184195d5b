package org.taskercore.worker.logging;

import org.slf4j.Logger;
import org.slf4j.event.Level;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes at most one line per second per kind, saying with the next line how many it held back:
 * whatever a client outside can cause (refused calls, malformed frames) is logged, but cannot
 * flood the log. Kinds are a small fixed set (a reason, a status), never a value from outside.
 */
public final class LogThrottle {

  private static final long QUIET_NANOS = 1_000_000_000L;

  private final Logger log;
  private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

  private static final class Window {
    final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - QUIET_NANOS);
    final AtomicLong held = new AtomicLong();
  }

  public LogThrottle(Logger log) {
    this.log = log;
  }

  public void warn(String kind, String format, Object... args) {
    write(Level.WARN, kind, format, args);
  }

  public void info(String kind, String format, Object... args) {
    write(Level.INFO, kind, format, args);
  }

  /** Logs the line if this kind has been quiet for a second, else counts it for the next line. */
  public void write(Level level, String kind, String format, Object... args) {
    Window window = windows.computeIfAbsent(kind, k -> new Window());
    long now = System.nanoTime();
    long previous = window.lastLogged.get();
    if (now - previous < QUIET_NANOS || !window.lastLogged.compareAndSet(previous, now)) {
      window.held.incrementAndGet();
      return;
    }
    long more = window.held.getAndSet(0);
    if (more == 0) {
      log.atLevel(level).log(format, args);
    } else {
      Object[] withCount = Arrays.copyOf(args, args.length + 1);
      withCount[args.length] = more;
      log.atLevel(level).log(format + " (and {} more of this kind since the last line)", withCount);
    }
  }
}
