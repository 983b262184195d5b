package org.taskercore.worker.access;

import java.util.Arrays;
import java.util.Optional;

/** What a key or token may be granted, by its name in configuration and in a token's claim. */
public enum Permission {
  TEMPLATES_READ("templates:read"),
  TEMPLATES_VALIDATE("templates:validate"),
  TEMPLATES_ADMIN("templates:admin"),
  CONFIG_READ("config:read"),
  METRICS_READ("metrics:read"),
  CLUSTER_READ("cluster:read"),
  /** Subscribing over a bridge to the domain events forwarded onto the bus. */
  EVENTS_READ("events:read");

  private final String wireName;

  Permission(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<Permission> of(String name) {
    return Arrays.stream(values()).filter(p -> p.wireName.equals(name)).findFirst();
  }
}
