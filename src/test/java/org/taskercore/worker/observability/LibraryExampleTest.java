package org.taskercore.worker.observability;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.taskercore.example.HostApplication;
import org.taskercore.worker.support.ListeningSockets;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The example host application, run inside a test")
class LibraryExampleTest {

  @Test
  @DisplayName("it embeds a worker with no listening port and prints health, event stats and templates as JSON")
  void runsWithoutAPort() {
    Set<Integer> before = ListeningSockets.ofThisProcess();
    AtomicReference<Set<Integer>> during = new AtomicReference<>();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code = HostApplication.run(new PrintStream(bytes, true, StandardCharsets.UTF_8),
      () -> during.set(ListeningSockets.ofThisProcess()));
    assertEquals(0, code, bytes.toString(StandardCharsets.UTF_8));
    assertThat(during.get()).as("no port opened while the embedded worker ran").isSubsetOf(before);

    JsonObject report = new JsonObject(bytes.toString(StandardCharsets.UTF_8));
    assertEquals(3, report.getInteger("tasks_completed"));
    assertEquals(1, report.getInteger("audited_in_host"), "the handler registered in code ran");
    assertEquals("example-host", report.getJsonObject("health").getString("worker_id"));
    assertEquals("healthy", report.getJsonObject("health").getString("status"));
    assertTrue(report.getJsonObject("event_stats").getJsonObject("router").getInteger("total_routed") >= 2);
    assertTrue(report.getJsonObject("templates").getJsonArray("supported_namespaces").contains("example"));
  }
}
