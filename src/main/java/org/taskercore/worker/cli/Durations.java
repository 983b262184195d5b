package org.taskercore.worker.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Command-line durations: {@code 500ms}, {@code 5s}, {@code 2m}; a bare number is seconds. */
final class Durations {

  private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m)?");

  private Durations() {
  }

  static Duration parse(String text) {
    Matcher m = FORM.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("bad duration '" + text + "' (expected e.g. 500ms, 5s, 2m)");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    Duration d = switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofSeconds(n);
    };
    if (d.isZero()) {
      throw new IllegalArgumentException("a timeout must be positive");
    }
    return d;
  }
}
