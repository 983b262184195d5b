package org.taskercore.worker.events;

/** A step's durable events could not be stored; the step answers with this as its error. */
public final class DurableEventsRefused extends RuntimeException {

  public DurableEventsRefused(String message, Throwable cause) {
    super(message, cause);
  }
}
