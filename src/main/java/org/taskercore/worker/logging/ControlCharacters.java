package org.taskercore.worker.logging;

/**
 * Escapes what could split or recolour a log line: every C0 and C1 control character, DEL, and
 * the Unicode line and paragraph separators become visible escapes ({@code \n}, {@code \u001b}).
 */
public final class ControlCharacters {

  private ControlCharacters() {
  }

  /** @param keepLayout keep newline and tab as they are (a stack trace's own lines) */
  public static String escape(String text, boolean keepLayout) {
    int first = firstToEscape(text, keepLayout);
    if (first < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!needsEscape(c, keepLayout)) {
        out.append(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out.toString();
  }

  private static int firstToEscape(String text, boolean keepLayout) {
    for (int i = 0; i < text.length(); i++) {
      if (needsEscape(text.charAt(i), keepLayout)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean needsEscape(char c, boolean keepLayout) {
    if (keepLayout && (c == '\n' || c == '\t')) {
      return false;
    }
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
  }
}
