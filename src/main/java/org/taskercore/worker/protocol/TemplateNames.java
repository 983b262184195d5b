package org.taskercore.worker.protocol;

import java.util.regex.Pattern;

/**
 * What a template's namespace, name and version may be: they become URL path segments, bus
 * message fields and log text, so the routes, the service and the loader accept the same set.
 */
public final class TemplateNames {

  public static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
  public static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+-]{0,63}");

  private TemplateNames() {
  }

  /** Why {@code value} is not acceptable as {@code what} (a namespace or name, or with {@code version} a version), or null. */
  public static String problem(String what, String value, Pattern pattern) {
    if (value != null && pattern.matcher(value).matches() && !value.chars().allMatch(ch -> ch == '.')) {
      return null;
    }
    String shown = value == null ? "nothing" : "'" + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "'";
    return "invalid " + what + ": " + shown + " (expected " + pattern.pattern() + ")";
  }
}
