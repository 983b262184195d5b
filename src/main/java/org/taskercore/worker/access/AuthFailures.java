package org.taskercore.worker.access;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts refused calls by reason ({@code tasker_worker_auth_failures_total{reason}}) and logs
 * them at most once per second per reason, with how many more there were: a hostile client
 * cannot flood the log.
 */
final class AuthFailures {

  static final String[] REASONS = {"missing", "bad_key", "bad_token", "expired", "wrong_issuer", "wrong_audience", "forbidden"};
  private static final Logger LOG = LoggerFactory.getLogger(AuthFailures.class);
  private static final long QUIET_NANOS = 1_000_000_000L;

  private final Map<String, Counter> counters = new TreeMap<>();
  private final Map<String, AtomicLong> lastLogged = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> unlogged = new ConcurrentHashMap<>();

  AuthFailures(MeterRegistry registry) {
    for (String reason : REASONS) {
      counters.put(reason, Counter.builder("tasker.worker.auth.failures")
        .description("Calls refused by access control, by reason").tag("reason", reason).register(registry));
      lastLogged.put(reason, new AtomicLong(System.nanoTime() - QUIET_NANOS));
      unlogged.put(reason, new AtomicLong());
    }
  }

  AccessDenied record(AccessDenied denied, String where) {
    counters.get(denied.reason()).increment();
    long now = System.nanoTime();
    AtomicLong last = lastLogged.get(denied.reason());
    long previous = last.get();
    if (now - previous >= QUIET_NANOS && last.compareAndSet(previous, now)) {
      long more = unlogged.get(denied.reason()).getAndSet(0);
      LOG.warn("access refused ({}) on {}: {}{}", denied.reason(), where, denied.getMessage(),
        more == 0 ? "" : " (and " + more + " more of this kind since the last line)");
    } else {
      unlogged.get(denied.reason()).incrementAndGet();
    }
    return denied;
  }
}
