package org.taskercore.worker.tasks;

/** Identifies a template: {@code namespace/name/version}. */
public record TemplateKey(String namespace, String name, String version) {

  @Override
  public String toString() {
    return namespace + "/" + name + "/" + version;
  }

  /** Parses {@code ns/name/version}. */
  public static TemplateKey parse(String text) {
    String[] parts = text.split("/");
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
      throw new IllegalArgumentException("expected namespace/name/version, got '" + text + "'");
    }
    return new TemplateKey(parts[0], parts[1], parts[2]);
  }
}
