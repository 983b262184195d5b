package org.taskercore.worker.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Merges configuration layers into one tree, remembering which layer set each leaf so that an
 * error about a value can name where that value came from.
 */
final class ConfigLayers {

  private static final TomlMapper TOML = new TomlMapper();

  private final JsonObject tree = new JsonObject();
  private final Map<String, String> sources = new LinkedHashMap<>();

  JsonObject tree() {
    return tree;
  }

  String sourceOf(String dottedKey) {
    return sources.getOrDefault(dottedKey, "built-in defaults");
  }

  /**
   * Parses a TOML text named {@code source} and merges it; values are interpolated with
   * {@code interpolate}. Each value remembers its file and line.
   */
  void mergeToml(String text, String source, UnaryOperator<String> interpolate) {
    TomlKeyLines lines = new TomlKeyLines(text, source);
    merge(tree, parseToml(text, source), "", key -> lines.lineOf(key) > 0 ? source + " line " + lines.lineOf(key) : source,
      interpolate);
  }

  void mergeLayer(JsonObject layer, String source, UnaryOperator<String> interpolateFor) {
    merge(tree, layer, "", key -> source, interpolateFor);
  }

  /** Sets one dotted key, creating the tables on its way. */
  void set(String dottedKey, Object value, String source) {
    DottedKeys.put(tree, dottedKey, value);
    sources.put(dottedKey, source);
  }

  /** Parses a single TOML value ({@code false}, {@code 8}, {@code ["a"]}); null when it is not one. */
  static Object parseTomlValue(String text) {
    try {
      JsonObject parsed = new JsonObject(TOML.readValue("v = " + text, Map.class));
      return parsed.getValue("v");
    } catch (IOException | RuntimeException notToml) {
      return null;
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot be read: " + e.getMessage(), e);
    }
  }

  static JsonObject parseToml(String text, String file) {
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = TOML.readValue(text, Map.class);
      return new JsonObject(map);
    } catch (JsonProcessingException e) {
      int lineNr = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      String key = lineNr < 1 ? null : keyAt(text, file, lineNr);
      String where = (lineNr < 1 ? "" : " line " + lineNr + ":") + (key == null ? "" : " key '" + key + "':");
      throw new ConfigException(file + ":" + where + " malformed TOML: " + e.getOriginalMessage(), e);
    }
  }

  private static String keyAt(String text, String file, int line) {
    try {
      return new TomlKeyLines(text, file).keyAt(line);
    } catch (ConfigException tooDeep) {
      return null;
    }
  }

  @SuppressWarnings("unchecked")
  private void merge(JsonObject into, JsonObject layer, String prefix, UnaryOperator<String> sourceOf,
                     UnaryOperator<String> interpolate) {
    for (Map.Entry<String, Object> entry : layer) {
      String key = prefix + entry.getKey();
      Object value = entry.getValue();
      if (value instanceof Map) {
        value = new JsonObject((Map<String, Object>) value);
      }
      if (value instanceof JsonObject table) {
        Object existing = into.getValue(entry.getKey());
        JsonObject target = existing instanceof JsonObject t ? t : new JsonObject();
        into.put(entry.getKey(), target);
        merge(target, table, key + ".", sourceOf, interpolate);
      } else {
        String source = sourceOf.apply(key);
        into.put(entry.getKey(), interpolated(value, key, source, interpolate));
        sources.put(key, source);
      }
    }
  }

  private static Object interpolated(Object value, String key, String source,
                                     UnaryOperator<String> interpolate) {
    try {
      if (value instanceof String s) {
        return interpolate.apply(s);
      }
      if (value instanceof JsonArray array) {
        JsonArray out = new JsonArray();
        array.forEach(item -> out.add(item instanceof String s ? interpolate.apply(s) : item));
        return out;
      }
      return value;
    } catch (IllegalArgumentException e) {
      throw ConfigException.forKey(source, key, e.getMessage());
    }
  }
}
