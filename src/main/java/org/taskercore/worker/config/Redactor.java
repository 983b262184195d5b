package org.taskercore.worker.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Replaces secrets in a configuration tree. A key is secret-like when its name ends in a
 * secret word ({@code db_password}, {@code api_keys}, {@code jwt_secret}); a name that only
 * describes a secret ({@code api_key_header}, {@code token_ttl}) stays visible. The whole value
 * under a secret key goes, nested tables and arrays included; so does any URL with user-info.
 */
public final class Redactor {

  public static final String REDACTED = "***REDACTED***";

  private static final Set<String> SECRET_WORDS = Set.of(
    "password", "passwd", "pwd", "secret", "secrets", "token", "tokens", "credential", "credentials",
    "passphrase", "apikey", "apikeys", "privatekey", "cookie", "signature");
  private static final Set<String> KEY_QUALIFIERS = Set.of(
    "api", "private", "secret", "access", "signing", "encryption", "client", "master", "session", "ssh");
  private static final Pattern URL_WITH_USERINFO = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://[^/?#\\s]*@.*");
  private static final Pattern WORD_SPLIT = Pattern.compile("[_.\\-\\s]+|(?<=[a-z0-9])(?=[A-Z])");

  /** The redacted copy and the dotted paths that were replaced. */
  public record Result(JsonObject tree, List<String> redactedPaths) {
  }

  private Redactor() {
  }

  public static Result redact(JsonObject tree, String prefix) {
    List<String> paths = new ArrayList<>();
    JsonObject copy = redactTable(tree, prefix, paths);
    return new Result(copy, List.copyOf(paths));
  }

  public static boolean isSecretName(String key) {
    String[] words = WORD_SPLIT.split(key);
    List<String> lower = new ArrayList<>();
    for (String w : words) {
      if (!w.isEmpty()) {
        lower.add(w.toLowerCase(Locale.ROOT));
      }
    }
    if (lower.isEmpty()) {
      return false;
    }
    String last = lower.get(lower.size() - 1);
    if (SECRET_WORDS.contains(last)) {
      return true;
    }
    boolean keyWord = last.equals("key") || last.equals("keys");
    return keyWord && lower.size() > 1 && KEY_QUALIFIERS.contains(lower.get(lower.size() - 2));
  }

  static boolean isUrlWithUserInfo(Object value) {
    return value instanceof String s && URL_WITH_USERINFO.matcher(s).matches();
  }

  private static JsonObject redactTable(JsonObject table, String prefix, List<String> paths) {
    JsonObject out = new JsonObject();
    for (String key : table.fieldNames()) {
      String path = prefix.isEmpty() ? key : prefix + "." + key;
      Object value = table.getValue(key);
      if (isSecretName(key) || isUrlWithUserInfo(value)) {
        out.put(key, REDACTED);
        paths.add(path);
      } else {
        out.put(key, redactValue(value, path, paths));
      }
    }
    return out;
  }

  private static Object redactValue(Object value, String path, List<String> paths) {
    if (value instanceof JsonObject table) {
      return redactTable(table, path, paths);
    }
    if (value instanceof JsonArray array) {
      JsonArray out = new JsonArray();
      for (int i = 0; i < array.size(); i++) {
        Object item = array.getValue(i);
        String itemPath = path + "[" + i + "]";
        if (isUrlWithUserInfo(item)) {
          out.add(REDACTED);
          paths.add(itemPath);
        } else {
          out.add(redactValue(item, itemPath, paths));
        }
      }
      return out;
    }
    return value;
  }
}
