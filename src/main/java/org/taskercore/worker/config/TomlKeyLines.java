package org.taskercore.worker.config;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where each key of a TOML text was written, so an error about a value can name its line. It
 * only locates (table headers and {@code key =} lines); the parsing is Jackson's. A key it cannot
 * place is simply reported without a line.
 */
final class TomlKeyLines {

  private static final Pattern HEADER = Pattern.compile("^\\s*\\[\\[?\\s*([^\\]]+?)\\s*\\]\\]?\\s*(#.*)?$");
  private static final Pattern ASSIGNMENT = Pattern.compile("^\\s*([A-Za-z0-9_\\-\"'. ]+?)\\s*=");

  private final Map<String, Integer> lines = new HashMap<>();
  private final Map<Integer, String> keys = new HashMap<>();

  TomlKeyLines(String text) {
    String table = "";
    String[] all = text.split("\r?\n", -1);
    for (int i = 0; i < all.length; i++) {
      int line = i + 1;
      Matcher header = HEADER.matcher(all[i]);
      if (header.matches()) {
        table = normalise(header.group(1));
        keys.put(line, table);
        lines.putIfAbsent(table, line);
        continue;
      }
      Matcher assignment = ASSIGNMENT.matcher(all[i]);
      if (assignment.find()) {
        String key = (table.isEmpty() ? "" : table + ".") + normalise(assignment.group(1));
        keys.put(line, key);
        lines.putIfAbsent(key, line);
      }
    }
  }

  /** The line a dotted key was set on, or 0. */
  int lineOf(String dottedKey) {
    return lines.getOrDefault(dottedKey, 0);
  }

  /** The dotted key written on a line (a table header's table), or null. */
  String keyAt(int line) {
    return keys.get(line);
  }

  private static String normalise(String key) {
    return key.replaceAll("\\s*\\.\\s*", ".").replace("\"", "").replace("'", "").trim();
  }
}
