package org.taskercore.worker.protocol;

/**
 * The message headers with a meaning of their own: the {@code action} a raw service call names,
 * and the access verdict a bridge stamps on every message it lets onto the bus. Bus headers are
 * case-insensitive; a bridge removes whatever a client sent under the verdict's name, in any case,
 * before stamping its own, so a stamp can only come from a bridge.
 */
public final class BusHeaders {

  /** The service method a raw call names ({@code detailed}, {@code clearCache}). */
  public static final String ACTION = "action";
  /** Stamped by a bridge on every message it lets through; absent only on messages from inside the cluster. */
  public static final String VERDICT = "x-tasker-access";

  private static final String ADMITTED = "admitted";
  private static final String DENIED = "denied ";

  /** A refusal a verdict carries: a failure code and the message for the caller. */
  public record Refusal(int code, String message) {
  }

  private BusHeaders() {
  }

  public static String admitted() {
    return ADMITTED;
  }

  public static String denied(int code, String message) {
    return DENIED + code + " " + message;
  }

  /** What a stamped verdict says: null when admitted; a refusal when denied, or when the stamp is not one a bridge writes. */
  public static Refusal refusalOf(String verdict) {
    if (ADMITTED.equals(verdict)) {
      return null;
    }
    if (verdict != null && verdict.startsWith(DENIED)) {
      String[] parts = verdict.substring(DENIED.length()).split(" ", 2);
      try {
        return new Refusal(Integer.parseInt(parts[0]), parts.length > 1 ? parts[1] : "access_denied");
      } catch (NumberFormatException notOurs) {
        // fall through: not a stamp a bridge writes
      }
    }
    return new Refusal(FailureCodes.INVALID_ARGUMENT, "the message carries an access verdict no bridge wrote");
  }
}
