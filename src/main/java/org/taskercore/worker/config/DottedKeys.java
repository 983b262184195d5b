package org.taskercore.worker.config;

import io.vertx.core.json.JsonObject;

/** Reads and writes {@code a.b.c} keys in a nested configuration tree. */
public final class DottedKeys {

  private DottedKeys() {
  }

  /** The value at the key, or null when any table on the way is missing. */
  public static Object get(JsonObject tree, String dottedKey) {
    Object node = tree;
    for (String part : dottedKey.split("\\.")) {
      if (!(node instanceof JsonObject table)) {
        return null;
      }
      node = table.getValue(part);
    }
    return node;
  }

  /** Sets the key, creating (or replacing non-table values with) the tables on its way. */
  public static void put(JsonObject tree, String dottedKey, Object value) {
    String[] parts = dottedKey.split("\\.");
    JsonObject table = tree;
    for (int i = 0; i < parts.length - 1; i++) {
      Object next = table.getValue(parts[i]);
      if (!(next instanceof JsonObject)) {
        next = new JsonObject();
        table.put(parts[i], next);
      }
      table = (JsonObject) next;
    }
    table.put(parts[parts.length - 1], value);
  }
}
