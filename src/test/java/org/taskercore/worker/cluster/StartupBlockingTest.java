package org.taskercore.worker.cluster;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.taskercore.worker.support.Waits;
import org.taskercore.worker.support.TestCluster;
import org.taskercore.worker.support.WorkerProcess;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cold processes, as an operator starts them: a clustered worker, then a gateway joining it, each
 * with Vert.x's blocked-thread checker at 300 ms, which logs the stack of whatever blocked. No stack
 * may show our code (the web verticle once built its router on an event loop, 0.6–2.4 s cold), and
 * nothing at all may block for a second (Vert.x's own class loading as its clustered bus starts
 * takes a little, which is not ours to move).
 */
@DisplayName("Start-up keeps the event loops free: the blocked-thread checker stays silent in a cold worker and gateway")
class StartupBlockingTest {

  private static final String BLOCKED = "has been blocked";

  @TempDir
  Path dir;

  @Test
  @DisplayName("a cold clustered worker and a cold gateway start without a blocked event loop")
  void coldStart() throws Exception {
    TestCluster cluster = new TestCluster();
    Map<String, String> env = new HashMap<>(cluster.environment());
    env.put("TASKER__WORKER__BLOCKED_EVENT_LOOP_WARNING_MS", "300");
    env.put("TASKER__WORKER__WEB__BIND_ADDRESS", "127.0.0.1:0");
    File workerLog = dir.resolve("worker.log").toFile();
    File gatewayLog = dir.resolve("gateway.log").toFile();
    Process worker = WorkerProcess.start(env, workerLog, "run");
    Process gateway = null;
    try {
      Waits.await("the worker started (" + workerLog + ")").atMost(Duration.ofSeconds(90))
        .until(() -> contains(workerLog, "running in"));
      gateway = WorkerProcess.start(env, gatewayLog, "gateway");
      Waits.await("the gateway started (" + gatewayLog + ")").atMost(Duration.ofSeconds(90))
        .until(() -> contains(gatewayLog, "running in"));
    } finally {
      stop(worker);
      if (gateway != null) {
        stop(gateway);
      }
    }
    assertNoBlockingOfOurs(workerLog);
    assertNoBlockingOfOurs(gatewayLog);
  }

  /** Each warning of the checker starts a block that ends at the next log line; none may name our code or last 1 s. */
  private static void assertNoBlockingOfOurs(File log) throws IOException {
    String text = Files.readString(log.toPath());
    assertThat(text).as(log.toString()).contains("running in");
    String[] blocks = text.split("(?=\\n\\d{4}-\\d{2}-\\d{2}T)");
    for (String block : blocks) {
      if (block.contains(BLOCKED)) {
        assertThat(block).as("a blocked event loop in our code (" + log + ")").doesNotContain("org.taskercore");
        assertThat(block).as("an event loop blocked for a second (" + log + ")").doesNotContainPattern("blocked for \\d{4,} ms");
      }
    }
  }

  private static boolean contains(File log, String text) {
    try {
      return Files.readString(log.toPath()).contains(text);
    } catch (IOException notYet) {
      return false;
    }
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
