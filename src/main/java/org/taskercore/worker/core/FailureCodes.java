package org.taskercore.worker.core;

/**
 * The failure codes every service and the step executor use, HTTP-like so that a caller maps
 * them to statuses with one table. Vert.x reserves -1 (a failed future that was not a
 * ServiceException); transport failures arrive as ReplyException NO_HANDLERS or TIMEOUT.
 */
public final class FailureCodes {

  public static final int INVALID_ARGUMENT = 400;
  public static final int FORBIDDEN = 403;
  public static final int NOT_FOUND = 404;
  public static final int INTERNAL = 500;
  public static final int NOT_RUNNING = 503;
  public static final int TIMEOUT = 504;

  private FailureCodes() {
  }
}
