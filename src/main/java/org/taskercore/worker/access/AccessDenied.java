package org.taskercore.worker.access;

/**
 * A refused call: 401 (no credentials, or credentials that do not hold) or 403 (valid, without
 * the permission), a bounded {@code reason} for the metric, and a message that names what is
 * missing and never shows a credential.
 */
public final class AccessDenied extends RuntimeException {

  private final int status;
  private final String reason;

  AccessDenied(int status, String reason, String message) {
    super(message, null, false, false);
    this.status = status;
    this.reason = reason;
  }

  public int status() {
    return status;
  }

  public String reason() {
    return reason;
  }
}
