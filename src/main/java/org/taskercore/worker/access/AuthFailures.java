package org.taskercore.worker.access;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.LoggerFactory;
import org.taskercore.worker.logging.LogThrottle;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counts refused calls by reason ({@code tasker_worker_auth_failures_total{reason}}) and logs
 * them at most once per second per reason, with how many more there were: a hostile client
 * cannot flood the log.
 */
final class AuthFailures {

  static final String[] REASONS = {"missing", "bad_key", "bad_token", "expired", "wrong_issuer", "wrong_audience", "forbidden"};

  private final Map<String, Counter> counters = new TreeMap<>();
  private final LogThrottle log = new LogThrottle(LoggerFactory.getLogger(AuthFailures.class));

  AuthFailures(MeterRegistry registry) {
    for (String reason : REASONS) {
      counters.put(reason, Counter.builder("tasker.worker.auth.failures")
        .description("Calls refused by access control, by reason").tag("reason", reason).register(registry));
    }
  }

  AccessDenied record(AccessDenied denied, String where) {
    counters.get(denied.reason()).increment();
    log.warn(denied.reason(), "access refused ({}) on {}: {}", denied.reason(), where, denied.getMessage());
    return denied;
  }
}
