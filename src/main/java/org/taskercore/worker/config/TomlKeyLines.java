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

  /** How deep tables may nest: deeper is refused before parsing, not answered with a stack overflow. */
  static final int MAX_DEPTH = 64;

  private final Map<String, Integer> lines = new HashMap<>();
  private final Map<Integer, String> keys = new HashMap<>();

  /** @throws ConfigException for a key or an inline value nested deeper than {@link #MAX_DEPTH}, naming file, line and key */
  TomlKeyLines(String text, String file) {
    String table = "";
    String[] all = text.split("\r?\n", -1);
    int open = 0;
    for (int i = 0; i < all.length; i++) {
      int line = i + 1;
      open = nesting(all[i], open, file, line);
      Matcher header = HEADER.matcher(all[i]);
      if (header.matches()) {
        table = bounded(normalise(header.group(1)), file, line);
        keys.put(line, table);
        lines.putIfAbsent(table, line);
        continue;
      }
      Matcher assignment = ASSIGNMENT.matcher(all[i]);
      if (assignment.find()) {
        String key = bounded((table.isEmpty() ? "" : table + ".") + normalise(assignment.group(1)), file, line);
        keys.put(line, key);
        lines.putIfAbsent(key, line);
      }
    }
  }

  private static String bounded(String key, String file, int line) {
    int parts = key.split("\\.", -1).length;
    if (parts > MAX_DEPTH) {
      throw new ConfigException(file + ": line " + line + ": key '" + key.substring(0, Math.min(40, key.length())) + "…' has "
        + parts + " parts; tables nest at most " + MAX_DEPTH + " levels");
    }
    return key;
  }

  /** The open brackets and braces after this line, strings and comments skipped; too many at any point is refused. */
  private static int nesting(String line, int open, String file, int lineNumber) {
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == '\\' && quote == '"') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '#') {
        break;
      } else if (c == '[' || c == '{') {
        if (++open > MAX_DEPTH) {
          throw new ConfigException(file + ": line " + lineNumber + ": values nested deeper than " + MAX_DEPTH + " levels");
        }
      } else if (c == ']' || c == '}') {
        open = Math.max(0, open - 1);
      }
    }
    return open;
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
