package org.taskercore.worker.protocol;

/**
 * Where domain events travel on the bus, for the worker that publishes them and the bridges that
 * let clients listen.
 */
public final class EventAddresses {

  /** Fast and broadcast events forwarded onto the bus ({@code worker.events.forward_to_bus}), at prefix + event name. */
  public static final String FORWARDED_PREFIX = "tasker.events.fast.";

  private EventAddresses() {
  }
}
