package org.taskercore.worker.config;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The keys the worker knows: every table and key of the base configuration it ships (the
 * commented {@code conf/base/worker.toml}). A key the worker does not know under a section it
 * does is a mistake ({@code [worker.helth]}), refused with the closest known key. {@code common}
 * beyond {@code common.database} is free-form, shared with the host and other components; so is
 * any top-level section the worker has none of.
 */
final class KnownKeys {

  private static final String SHIPPED_BASE = "/tasker-worker/conf/base/worker.toml";
  private static final Set<String> FREE_FORM_SECTIONS = Set.of("common");
  private static final Set<String> KNOWN = load();

  private KnownKeys() {
  }

  /** @throws ConfigException naming the first unknown key, where it was set, and the closest known key */
  static void check(JsonObject tree, ConfigLayers layers) {
    for (String section : tree.fieldNames()) {
      if (KNOWN.contains(section) && tree.getValue(section) instanceof JsonObject table) {
        checkTable(table, section, layers);
      }
    }
  }

  private static void checkTable(JsonObject table, String path, ConfigLayers layers) {
    for (String key : table.fieldNames()) {
      String dotted = path + "." + key;
      boolean freeForm = FREE_FORM_SECTIONS.contains(path);
      if (!KNOWN.contains(dotted) && !freeForm) {
        throw ConfigException.forKey(sourceWithin(table.getValue(key), dotted, layers), dotted,
          "unknown key under [" + path + "]" + suggestion(dotted));
      }
      if (KNOWN.contains(dotted) && table.getValue(key) instanceof JsonObject nested) {
        checkTable(nested, dotted, layers);
      }
    }
  }

  /** Where a key was set: for a table, where its first value was. */
  private static String sourceWithin(Object value, String dotted, ConfigLayers layers) {
    if (value instanceof JsonObject table && !table.isEmpty()) {
      String first = table.fieldNames().iterator().next();
      return sourceWithin(table.getValue(first), dotted + "." + first, layers);
    }
    return layers.sourceOf(dotted);
  }

  private static String suggestion(String unknown) {
    return KNOWN.stream()
      .filter(k -> distance(k, unknown) <= Math.max(2, unknown.length() / 4))
      .min(Comparator.comparingInt((String k) -> distance(k, unknown)).thenComparing(k -> k))
      .map(k -> "; did you mean '" + k + "'?").orElse("");
  }

  /** Levenshtein distance, for suggesting the key that was meant. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static Set<String> load() {
    try (InputStream in = KnownKeys.class.getResourceAsStream(SHIPPED_BASE)) {
      if (in == null) {
        throw new IllegalStateException(SHIPPED_BASE + " is not on the class path");
      }
      Set<String> keys = new HashSet<>();
      collect(ConfigLayers.parseToml(new String(in.readAllBytes(), UTF_8), "classpath:" + SHIPPED_BASE), "", keys);
      return Set.copyOf(keys);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void collect(JsonObject table, String prefix, Set<String> keys) {
    for (String key : table.fieldNames()) {
      String dotted = prefix + key;
      keys.add(dotted);
      if (table.getValue(key) instanceof JsonObject nested) {
        collect(nested, dotted + ".", keys);
      }
    }
  }
}
