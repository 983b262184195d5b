package org.taskercore.worker.database;

import org.taskercore.worker.config.Redactor;

/** A database failure in one line for logs, checks and step errors, never with a password in it. */
final class DatabaseErrors {

  private DatabaseErrors() {
  }

  static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
    if (root != failure && root.getMessage() != null && !message.contains(root.getMessage())) {
      message = message + ": " + root.getMessage();
    }
    return Redactor.safeText(message.replaceAll("\\s+", " ").strip());
  }
}
