package org.taskercore.worker.cli;

import io.vertx.core.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.support.TestSockets;
import org.taskercore.worker.support.TestWorkers;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("probe live|ready: exit codes against a live worker, a draining one and a closed port, over HTTP and the TCP bridge")
class ProbeCommandTest {

  @Test
  @DisplayName("0 live and ready, 1 not ready while draining, 2 on a closed port or a silent one (HTTP and bridge)")
  void exitCodes() throws Exception {
    int bridgePort = TestSockets.freePort();
    TaskerWorker worker = TestWorkers.start(c -> c.set("worker.web.enabled", true)
      .set("worker.web.bind_address", "127.0.0.1:0").set("worker.health.drain_delay_ms", 3_000)
      .set("worker.bridge.enabled", true).set("worker.bridge.bind_address", "127.0.0.1:" + bridgePort));
    String[] overHttp = {"--url", "http://127.0.0.1:" + worker.httpPort()};
    String[] overBridge = {"--bridge", "127.0.0.1:" + bridgePort};
    for (String[] way : List.of(overHttp, overBridge)) {
      Outcome live = probe("live", way);
      assertEquals(0, live.code, live.line);
      assertThat(live.line).startsWith("live: alive (" + worker.workerId());
      Outcome ready = probe("ready", way);
      assertEquals(0, ready.code, ready.line);
    }

    Future<Void> stopping = worker.stop();
    Outcome draining = probe("ready", overHttp);
    assertEquals(1, draining.code, draining.line);
    assertThat(draining.line).contains("HTTP 503", "unhealthy", "command_processor draining");
    Outcome drainingOverBridge = probe("ready", overBridge);
    assertEquals(1, drainingOverBridge.code, drainingOverBridge.line);
    assertThat(drainingOverBridge.line).contains("unhealthy", "command_processor draining");
    assertEquals(0, probe("live", overHttp).code, "liveness holds while draining");
    assertEquals(0, probe("live", overBridge).code, "liveness holds while draining");
    stopping.await(30, TimeUnit.SECONDS);

    int closed = TestSockets.freePort();
    Outcome refused = probe("ready", "--url", "http://127.0.0.1:" + closed, "--timeout", "2s");
    assertEquals(2, refused.code);
    assertThat(refused.line).startsWith("ready: unreachable");
    assertEquals(2, probe("live", "--url", "http://127.0.0.1:" + closed).code);
    Outcome refusedBridge = probe("live", "--bridge", "127.0.0.1:" + closed);
    assertEquals(2, refusedBridge.code);
    assertThat(refusedBridge.line).startsWith("live: unreachable (bridge 127.0.0.1:" + closed);
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String port = String.valueOf(silent.getLocalPort());
      for (String[] way : List.of(new String[] {"--url", "http://127.0.0.1:" + port}, new String[] {"--bridge", "127.0.0.1:" + port})) {
        Outcome slow = probe("live", way[0], way[1], "--timeout", "300ms");
        assertEquals(2, slow.code, slow.line);
        assertThat(slow.line).startsWith("live: unreachable (timed out after 300 ms");
      }
    }
  }


  @Test
  @DisplayName("usage errors exit 3 with one line")
  void usage() {
    assertEquals(3, probe("sideways").code);
    assertEquals(3, probe("ready", "--timeout", "soon").code);
    assertEquals(3, probe("ready", "--url", "http://x", "--worker", "w").code);
    assertEquals(3, probe("ready", "--bridge", "127.0.0.1").code);
    assertEquals(3, probe("ready", "--bridge", "127.0.0.1:7000", "--worker", "w").code);
    assertEquals(3, probe("ready", "--url", "http://127.0.0.1:notaport").code);
  }

  private static Outcome probe(String kind, String[] way) {
    String[] args = new String[way.length + 1];
    args[0] = kind;
    System.arraycopy(way, 0, args, 1, way.length);
    return probe(args);
  }

  private static Outcome probe(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code = ProbeCommand.run(List.of(args), new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(1, out.lines().count(), "one line: " + out);
    return new Outcome(code, out.strip());
  }

  private record Outcome(int code, String line) {
  }
}
