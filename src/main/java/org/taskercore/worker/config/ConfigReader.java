package org.taskercore.worker.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** Typed reads of dotted keys; a wrong type names the key and the layer that set it. */
final class ConfigReader {

  private final ConfigLayers layers;

  ConfigReader(ConfigLayers layers) {
    this.layers = layers;
  }

  Object raw(String key) {
    return DottedKeys.get(layers.tree(), key);
  }

  /** A key's value; every key the binder reads is set by the bundled base layer, so a missing one is our bug. */
  private Object present(String key) {
    Object value = raw(key);
    if (value == null) {
      throw new IllegalStateException(key + " has no default: the bundled conf/base/worker.toml must set it");
    }
    return value;
  }

  String string(String key) {
    Object value = present(key);
    if (!(value instanceof String s)) {
      throw wrongType(key, "a string", value);
    }
    return s;
  }

  boolean bool(String key) {
    Object value = present(key);
    if (!(value instanceof Boolean b)) {
      throw wrongType(key, "a boolean (true or false)", value);
    }
    return b;
  }

  long number(String key, long min, long max) {
    Object value = present(key);
    if (!(value instanceof Number n) || value instanceof Double || value instanceof Float) {
      throw wrongType(key, "a whole number", value);
    }
    long result = n.longValue();
    if (result < min || result > max) {
      throw fail(key, "must be between " + min + " and " + max + ", got " + result);
    }
    return result;
  }

  /** A number that may have a fraction (a whole number is read as one too). */
  double fraction(String key, double min, double max) {
    Object value = present(key);
    if (!(value instanceof Number n)) {
      throw wrongType(key, "a number", value);
    }
    double result = n.doubleValue();
    if (!(result >= min && result <= max)) {
      throw fail(key, "must be between " + min + " and " + max + ", got " + result);
    }
    return result;
  }

  int integer(String key, int min, int max) {
    return (int) number(key, min, max);
  }

  List<String> strings(String key) {
    Object value = present(key);
    if (!(value instanceof JsonArray array)) {
      throw wrongType(key, "an array of strings", value);
    }
    List<String> out = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof String s)) {
        throw wrongType(key, "an array of strings", value);
      }
      out.add(s);
    }
    return List.copyOf(out);
  }

  ConfigException fail(String key, String problem) {
    return ConfigException.forKey(layers.sourceOf(key), key, problem);
  }

  private ConfigException wrongType(String key, String expected, Object value) {
    return fail(key, "expected " + expected + ", got " + shown(key, value));
  }

  /** A value as an error may quote it: never one under a secret-named key, nor a URL's secrets. */
  static String shown(String key, Object value) {
    if (java.util.Arrays.stream(key.split("\\.")).anyMatch(Redactor::isSecretName)) {
      return "a " + typeName(value) + " (not shown: the key is secret)";
    }
    return value instanceof String text ? "\"" + Redactor.safeUrl(text) + "\"" : String.valueOf(value);
  }

  private static String typeName(Object value) {
    if (value instanceof String) {
      return "string";
    }
    if (value instanceof JsonArray) {
      return "array";
    }
    if (value instanceof JsonObject) {
      return "table";
    }
    return value instanceof Boolean ? "boolean" : "number";
  }
}
