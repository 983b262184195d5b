package org.taskercore.worker.cli;

import io.vertx.core.json.JsonObject;
import org.taskercore.worker.service.ServiceCatalog;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * {@code probe live|ready --bridge host:port}: one call over the worker's TCP event-bus bridge
 * (a 4-byte length, then JSON, each way) on a plain socket, so a headless worker that is not
 * clustered can be probed too, without starting Vert.x.
 */
final class BridgeProbe {

  private static final int MAX_FRAME = 16 * 1024 * 1024;

  private BridgeProbe() {
  }

  static int run(ProbeCommand.ProbeArgs probe, PrintStream out) {
    String where = "bridge " + probe.bridge();
    int colon = probe.bridge().lastIndexOf(':');
    String host = probe.bridge().substring(0, colon).replaceAll("^\\[|]$", "");
    int port = Integer.parseInt(probe.bridge().substring(colon + 1));
    int timeout = (int) Math.max(1, probe.timeout().toMillis());
    long started = System.nanoTime();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), timeout);
      socket.setSoTimeout(timeout);
      socket.setTcpNoDelay(true);
      byte[] call = new JsonObject().put("type", "send").put("address", ServiceCatalog.HEALTH.address(null))
        .put("replyAddress", "probe").put("headers", new JsonObject().put("action", probe.kind()))
        .put("body", new JsonObject()).encode().getBytes(StandardCharsets.UTF_8);
      DataOutputStream to = new DataOutputStream(socket.getOutputStream());
      to.writeInt(call.length);
      to.write(call);
      to.flush();
      JsonObject answer = readFrame(new DataInputStream(socket.getInputStream()));
      long ms = (System.nanoTime() - started) / 1_000_000;
      if ("message".equals(answer.getString("type")) && answer.getValue("body") instanceof JsonObject body) {
        return ProbeCommand.verdict(probe, 200, body, ms, out);
      }
      out.println(probe.kind() + ": not " + probe.kind() + " (" + where + " answered " + answer.getInteger("failureCode", 0)
        + " " + answer.getString("message") + ")");
      return ProbeCommand.NOT;
    } catch (SocketTimeoutException e) {
      out.println(probe.kind() + ": unreachable (timed out after " + timeout + " ms, " + where + ")");
    } catch (IOException | RuntimeException e) {
      out.println(probe.kind() + ": unreachable (" + where + ": " + e.getMessage() + ")");
    }
    return ProbeCommand.UNREACHABLE;
  }

  private static JsonObject readFrame(DataInputStream from) throws IOException {
    int length = from.readInt();
    if (length < 0 || length > MAX_FRAME) {
      throw new IOException("a frame of " + length + " bytes is not an answer");
    }
    byte[] frame = from.readNBytes(length);
    if (frame.length < length) {
      throw new IOException("connection closed mid-answer");
    }
    return new JsonObject(new String(frame, StandardCharsets.UTF_8));
  }
}
