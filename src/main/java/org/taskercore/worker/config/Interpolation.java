package org.taskercore.worker.config;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Expands {@code ${VAR}} and {@code ${VAR:-default}} from an environment lookup. */
final class Interpolation {

  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

  private Interpolation() {
  }

  /**
   * @throws IllegalArgumentException when a variable without a default is not set, because an
   *     empty value silently standing in for a forgotten variable is worse than a refused start
   */
  static String expand(String text, Function<String, String> env) {
    if (text.indexOf("${") < 0) {
      return text;
    }
    Matcher matcher = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String value = env.apply(matcher.group(1));
      if (value == null || (value.isEmpty() && matcher.group(2) != null)) {
        if (matcher.group(2) == null) {
          throw new IllegalArgumentException("environment variable " + matcher.group(1)
            + " is not set and '" + matcher.group(0) + "' gives no default");
        }
        value = matcher.group(3);
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
