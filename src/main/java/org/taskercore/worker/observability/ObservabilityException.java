package org.taskercore.worker.observability;

/**
 * Any failure of an {@link Observability} call, with an HTTP-like code: 400 invalid argument,
 * 403 exposure disabled, 404 not found, 500 internal, 503 no worker answers ("Worker system not
 * running"), 504 timed out.
 */
public final class ObservabilityException extends RuntimeException {

  private final int code;

  public ObservabilityException(int code, String message) {
    super(message);
    this.code = code;
  }

  public int code() {
    return code;
  }
}
