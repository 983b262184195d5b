package org.taskercore.worker.config;

/**
 * A configuration that cannot be used. The message names the source (file or environment
 * variable), the line when the parser gives one, and the dotted key.
 */
public final class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }

  static ConfigException forKey(String source, String key, String problem) {
    return new ConfigException(source + ": key '" + key + "': " + problem);
  }
}
