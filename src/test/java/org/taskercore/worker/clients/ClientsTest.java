package org.taskercore.worker.clients;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.config.ConfigLoader;
import org.taskercore.worker.support.TestSockets;
import org.taskercore.worker.support.TraceContext;
import org.taskercore.worker.support.ZipkinServer;
import org.taskercore.worker.support.ScriptedRun;
import org.taskercore.worker.support.TestWorkers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Python, Ruby and Node clients, each through its own test suite (in {@code clients/}),
 * against a real worker with access control on, reached over its TCP bridge. A suite asks for
 * the worker to be drained, stopped and started again mid-session; this side does it.
 */
@DisplayName("Non-JVM clients: every operation of the Python, Ruby and Node clients against a running worker")
class ClientsTest {

  static final String FULL_KEY = "clients-full-key-0123456789";
  static final String TEMPLATES_KEY = "clients-templates-key-0123456789";
  static final Path CLIENTS = Path.of("clients");
  static final Duration BOUND = Duration.ofMinutes(3);
  static final Duration STEP = Duration.ofSeconds(30);

  private final String workerId = "client-test-" + UUID.randomUUID().toString().substring(0, 6);
  private TaskerWorker worker;
  private io.vertx.core.Future<Void> stopping;
  private Consumer<ConfigLoader> config;

  @AfterEach
  void stop() {
    if (worker != null) {
      worker.stopAndWait(STEP);
    }
  }

  @Test
  @DisplayName("Python: tasker_worker_client.Client")
  void python() throws Exception {
    runSuite(CLIENTS.resolve("python"), Map.of("PYTHONPATH", "."), List.of("python3", "-m", "unittest", "-v",
      "tests.test_against_worker"), "Ran 10 tests", "skipped=");
  }

  @Test
  @DisplayName("Ruby: TaskerWorkerClient::Client")
  void ruby() throws Exception {
    runSuite(CLIENTS.resolve("ruby"), Map.of(), List.of("ruby", "-Ilib", "test/client_test.rb", "--verbose"),
      "10 runs", "[1-9]\\d* skips");
  }

  @Test
  @DisplayName("Node: require('tasker-worker-client').Client")
  void node() throws Exception {
    runSuite(CLIENTS.resolve("node"), Map.of(), List.of("node", "--test-reporter=spec", "test/client.test.js"),
      "pass 10", "skipped [1-9]");
  }

  /** Runs one client's suite; {@code allRan} must appear in its summary and {@code someSkipped} (a regex) must not. */
  private void runSuite(Path dir, Map<String, String> extraEnv, List<String> command, String allRan, String someSkipped)
      throws Exception {
    int bridgePort = TestSockets.freePort();
    config = c -> c.set("worker.worker_id", workerId)
      .set("worker.bridge.enabled", true).set("worker.bridge.bind_address", "127.0.0.1:" + bridgePort)
      .set("worker.health.drain_delay_ms", 3000)
      .set("worker.web.auth.enabled", true)
      .set("worker.web.auth.api_keys", new JsonArray().add(FULL_KEY))
      .set("worker.web.auth.keys", new JsonArray().add(new JsonObject().put("key", TEMPLATES_KEY)
        .put("permissions", new JsonArray().add("templates:read"))));
    ZipkinServer zipkin = ZipkinServer.shared();
    TraceContext caller = TraceContext.random();
    config = config.andThen(c -> c.set("observability.tracing.enabled", true).set("observability.tracing.exporter", "zipkin")
      .set("observability.tracing.endpoint", zipkin.spansEndpoint()));
    worker = TestWorkers.start(config);
    Map<String, String> env = new HashMap<>(Map.of(
      "TASKER_TEST_TRACEPARENT", caller.traceparent(),
      "TASKER_BRIDGE_ADDRESS", "127.0.0.1:" + bridgePort,
      "TASKER_TEST_WORKER_ID", workerId,
      "TASKER_TEST_API_KEY", FULL_KEY,
      "TASKER_TEST_LIMITED_KEY", TEMPLATES_KEY));
    env.putAll(extraEnv);
    ScriptedRun.Outcome outcome = ScriptedRun.run(dir, env, command, BOUND, this::control);
    assertThat(outcome.exitCode()).as("%s exited %d:%n%s", command, outcome.exitCode(), outcome.transcript()).isZero();
    assertThat(outcome.transcript()).as("every test ran, none skipped").contains(allRan).doesNotContainPattern(someSkipped);
    // The client sent the caller's traceparent: the worker's service span continues that trace.
    zipkin.awaitTrace(caller.traceId(), "the worker's service span under the client's", spans -> spans.stream()
      .anyMatch(s -> "health.detailed".equals(s.getString("name")) && "SERVER".equals(s.getString("kind"))
        && caller.spanId().equals(s.getString("parentId"))));
  }

  /** The suite's requests: drain (stop begins; readiness turns at once), await-stopped, start. */
  private String control(String command) {
    switch (command) {
      case "drain" -> stopping = worker.stop();
      case "await-stopped" -> {
        try {
          stopping.toCompletionStage().toCompletableFuture().get(STEP.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
          return "failed: " + e;
        }
        worker = null;
      }
      case "start" -> worker = TestWorkers.start(config);
      default -> {
        return "unknown command " + command;
      }
    }
    return "ok";
  }

}
