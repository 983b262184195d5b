package org.taskercore.worker.clients;

import io.vertx.core.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.support.TestSockets;
import org.taskercore.worker.support.TestWorkers;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tasker-probe} (the Python client's exec probe) against a headless worker that is not
 * clustered: reachable only over its TCP bridge, which is what the probe is for.
 */
@DisplayName("tasker-probe: exit codes and run time against a headless worker over its TCP bridge")
class ExecProbeTest {

  /** No JVM start fits in this; the ≤ 100 ms figure itself is measured in BENCHMARKS.md (hyperfine). */
  static final long MEDIAN_BOUND_MS = 300;

  static TaskerWorker worker;
  static int bridgePort;
  static String python;

  @BeforeAll
  static void start() throws Exception {
    bridgePort = TestSockets.freePort();
    worker = TestWorkers.start(c -> c.set("worker.bridge.enabled", true)
      .set("worker.bridge.bind_address", "127.0.0.1:" + bridgePort).set("worker.health.drain_delay_ms", 3_000));
    // The interpreter itself, not a version manager's shim in front of it: what a container runs.
    python = run(List.of("python3", "-c", "import sys; print(sys.executable)")).line;
  }

  @AfterAll
  static void stop() {
    worker.stopAndWait(java.time.Duration.ofSeconds(30));
  }

  @Test
  @DisplayName("0 live and ready, 1 not ready while draining, 2 on a closed port or a silent one, 3 on bad usage; one line each")
  void exitCodes() throws Exception {
    Result live = probe("live", "--bridge", "127.0.0.1:" + bridgePort);
    assertThat(live.code).as(live.line).isZero();
    assertThat(live.line).startsWith("live: alive (" + worker.workerId());
    Result ready = probe("ready", "--bridge", "127.0.0.1:" + bridgePort, "--worker", worker.workerId());
    assertThat(ready.code).as(ready.line).isZero();

    int closed = TestSockets.freePort();
    Result refused = probe("ready", "--bridge", "127.0.0.1:" + closed);
    assertThat(refused.code).as(refused.line).isEqualTo(2);
    assertThat(refused.line).startsWith("ready: unreachable");
    try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Result slow = probe("live", "--bridge", "127.0.0.1:" + silent.getLocalPort(), "--timeout", "0.3");
      assertThat(slow.code).as(slow.line).isEqualTo(2);
      assertThat(slow.line).contains("no answer");
    }
    assertThat(probe("sideways").code).isEqualTo(3);
    assertThat(probe("ready", "--bridge", "nowhere").code).isEqualTo(3);

    Future<Void> stopping = worker.stop();
    try {
      Result draining = probe("ready", "--bridge", "127.0.0.1:" + bridgePort);
      assertThat(draining.code).as(draining.line).isEqualTo(1);
      assertThat(draining.line).contains("not ready", "command_processor draining");
      assertThat(probe("live", "--bridge", "127.0.0.1:" + bridgePort).code).as("alive while draining").isZero();
    } finally {
      stopping.await(30, TimeUnit.SECONDS);
      worker = TestWorkers.start(c -> c.set("worker.bridge.enabled", true)
        .set("worker.bridge.bind_address", "127.0.0.1:" + bridgePort));
    }
  }

  @Test
  @DisplayName("a ready probe takes a Python start and one bridge call, not a JVM start")
  void runTime() throws Exception {
    List<Long> took = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      long started = System.nanoTime();
      Result ready = probe("ready", "--bridge", "127.0.0.1:" + bridgePort);
      took.add((System.nanoTime() - started) / 1_000_000);
      assertThat(ready.code).as(ready.line).isZero();
    }
    took.sort(null);
    assertThat(took.get(took.size() / 2)).as("median of %s ms", took).isLessThan(MEDIAN_BOUND_MS);
  }

  private static Result probe(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(python, "-m", "tasker_worker_client.probe"));
    command.addAll(List.of(args));
    Result result = run(command);
    assertThat(result.output.lines().count()).as("one line: %s", result.output).isEqualTo(1);
    return result;
  }

  private static Result run(List<String> command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(Path.of("clients", "python").toFile()).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("TASKER_"));
    builder.environment().put("PYTHONPATH", ".");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(command + " still running after 30 s");
    }
    return new Result(process.exitValue(), output.strip().lines().reduce((a, b) -> b).orElse(""), output);
  }


  private record Result(int code, String line, String output) {
  }
}
