package org.taskercore.worker.support;

import java.io.Closeable;
import java.io.IOException;

/** A test's own sockets: a free port to bind, and closing them at the end whatever state they are in. */
public final class TestSockets {

  private TestSockets() {
  }

  /** A port nothing listens on now: a test server binds it next (127.0.0.1, as every test server does). */
  public static int freePort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Whether something accepts a connection on 127.0.0.1:{@code port} now. */
  public static boolean accepts(int port) {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 1_000);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  public static void close(Closeable socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // a test's own socket; nothing to report
    }
  }
}
