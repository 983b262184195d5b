package org.taskercore.worker.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces secrets in a configuration tree, and in URLs written to logs and messages.
 *
 * <p>A key name is split into words ({@code private_key_pem}, {@code apiKey}, {@code db-password}).
 * It is secret when a word is, or ends in, a secret word ({@code password}, {@code pgpassword},
 * {@code passwd}, {@code secret}, {@code token}, {@code credential(s)}, …) or two words make one
 * ({@code private key}, {@code api key}, {@code access key}, …) — and what follows, if anything,
 * is only the secret's form ({@code pem}, {@code value}, {@code base64}, …). A name where another
 * word follows only describes a secret and stays visible: {@code api_key_header},
 * {@code token_ttl_seconds}, {@code password_min_length}, {@code password_file}.
 *
 * <p>A value is secret when it is a URL (any scheme, {@code jdbc:postgresql://…} included) with
 * user-info, or with a secret-named query parameter ({@code ?password=}, {@code ?pass=}). The
 * whole value under a secret key goes, nested tables and arrays included.
 */
public final class Redactor {

  public static final String REDACTED = "***REDACTED***";
  private static final String HIDDEN = "***";

  private static final Set<String> SECRET_WORDS = Set.of(
    "password", "passwd", "pwd", "secret", "secrets", "token", "tokens", "credential", "credentials",
    "passphrase", "apikey", "apikeys", "privatekey", "cookie", "signature");
  private static final Set<String> KEY_QUALIFIERS = Set.of(
    "api", "private", "secret", "access", "signing", "encryption", "client", "master", "session", "ssh");
  /** Words that only say in which form a secret is written: the name still holds the secret. */
  private static final Set<String> SECRET_FORMS = Set.of(
    "pem", "der", "value", "values", "b64", "base64", "hex", "raw", "data", "text", "string", "plain", "encoded", "hash");
  /** Query parameters that hold a password though their names are too short for the key rule. */
  private static final Set<String> SECRET_PARAMETERS = Set.of("pass", "pw", "pwd", "sig", "key");
  private static final Pattern WORD_SPLIT = Pattern.compile("[_.\\-\\s]+|(?<=[a-z0-9])(?=[A-Z])");
  /** A scheme, possibly a chain of them ({@code jdbc:postgresql}), then {@code ://}. */
  private static final Pattern URL_START = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*(:[A-Za-z][A-Za-z0-9+.-]*)*://");
  private static final Pattern QUERY_PARAMETER = Pattern.compile("([?&;])([^=&;#]+)=([^&;#]*)");

  /** User-info of a URL anywhere in a text: {@code scheme://user:password@}. */
  private static final Pattern USER_INFO_IN_TEXT = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^\\s@/]*(:[^\\s@]*)?@");

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
    List<String> words = words(key);
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      boolean secretWord = SECRET_WORDS.stream().anyMatch(word::endsWith);
      boolean secretPair = (word.equals("key") || word.equals("keys")) && i > 0 && KEY_QUALIFIERS.contains(words.get(i - 1));
      if (secretWord || secretPair) {
        return words.subList(i + 1, words.size()).stream().allMatch(SECRET_FORMS::contains);
      }
    }
    return false;
  }

  /** A URL (of any scheme) that carries a secret: user-info, or a secret-named query parameter. */
  public static boolean isSecretUrl(Object value) {
    return value instanceof String s && !safeUrl(s).equals(s);
  }

  /**
   * The URL with its secrets hidden, for logs and messages: user-info and secret query values
   * become {@code ***}; anything that is not a URL comes back as it is.
   */
  public static String safeUrl(String value) {
    Matcher start = URL_START.matcher(value);
    if (!start.find()) {
      return value;
    }
    String rest = value.substring(start.end());
    // The last '@' ends the user-info: a password may hold '/', '?', '#' or even '@'.
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      rest = HIDDEN + rest.substring(at);
    }
    Matcher parameters = QUERY_PARAMETER.matcher(rest);
    StringBuilder out = new StringBuilder();
    while (parameters.find()) {
      String name = parameters.group(2);
      boolean secret = isSecretName(name) || SECRET_PARAMETERS.contains(name.toLowerCase(Locale.ROOT));
      parameters.appendReplacement(out, Matcher.quoteReplacement(parameters.group(1) + name + "="
        + (secret ? HIDDEN : parameters.group(3))));
    }
    parameters.appendTail(out);
    return value.substring(0, start.end()) + out;
  }

  /** A free text (an error message, a log line) with the user-info of every URL in it hidden. */
  public static String safeText(String text) {
    return text == null ? null : USER_INFO_IN_TEXT.matcher(text).replaceAll("$1" + HIDDEN + "@");
  }

  /** Under an {@code auth} table a field named plainly {@code key} ({@code [[worker.web.auth.keys]] key = …}) is a secret. */
  private static boolean isAuthKey(String path, String key) {
    return key.equals("key") && ("." + path + ".").contains(".auth.");
  }

  private static List<String> words(String key) {
    List<String> words = new ArrayList<>();
    for (String w : WORD_SPLIT.split(key)) {
      if (!w.isEmpty()) {
        words.add(w.toLowerCase(Locale.ROOT));
      }
    }
    return words;
  }

  private static JsonObject redactTable(JsonObject table, String prefix, List<String> paths) {
    JsonObject out = new JsonObject();
    for (String key : table.fieldNames()) {
      String path = prefix.isEmpty() ? key : prefix + "." + key;
      Object value = table.getValue(key);
      if (isSecretName(key) || isSecretUrl(value) || isAuthKey(path, key)) {
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
        if (isSecretUrl(item)) {
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
