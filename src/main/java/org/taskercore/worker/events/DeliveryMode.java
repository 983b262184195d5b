package org.taskercore.worker.events;

import java.util.Locale;

/** How an event travels: over the bus with acknowledgement, in-process only, or both. */
public enum DeliveryMode {
  DURABLE, FAST, BROADCAST;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException naming the bad value */
  public static DeliveryMode parse(String text) {
    for (DeliveryMode mode : values()) {
      if (mode.wireName().equals(text)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("unknown delivery mode '" + text + "', expected durable, fast or broadcast");
  }
}
