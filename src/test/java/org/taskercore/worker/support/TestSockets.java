package org.taskercore.worker.support;

import java.io.Closeable;
import java.io.IOException;

/** Closing a test's own sockets at the end, whatever state they are in. */
public final class TestSockets {

  private TestSockets() {
  }

  public static void close(Closeable socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // a test's own socket; nothing to report
    }
  }
}
