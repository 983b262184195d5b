package org.taskercore.worker.cli;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.taskercore.worker.support.TestSockets;
import org.taskercore.worker.support.Waits;
import org.taskercore.worker.support.WorkerProcess;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("TASKER_LOG_FORMAT=json: every line of a worker's start, load and stop is one JSON object with the documented fields")
class JsonLogTest {

  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void everyLineParses() throws Exception {
    Path templates = Files.createTempDirectory("json-log");
    Path template = templates.resolve("payment.yaml");
    Files.copy(Path.of("conf/templates/payments/process_payment/1.0.0.yaml"), template);
    int port = TestSockets.freePort();
    File log = new File("target/json-log-worker.log");
    Process worker = WorkerProcess.start(Map.of("TASKER_LOG_FORMAT", "json", "TASKER_LOG_LEVEL", "info",
      "TASKER__WORKER__WORKER_ID", "json-log-worker",
      "TASKER__WORKER__WEB__BIND_ADDRESS", "127.0.0.1:" + port,
      "TASKER__WORKER__WEB__ACCESS_LOG", "all",
      "TASKER__WORKER__TEMPLATES__SEARCH_PATHS", "[\"" + templates + "/*.yaml\"]"), log, "run");
    try {
      Waits.await("the worker ready (see " + log + ")").atMost(Duration.ofSeconds(90)).ignoreExceptions()
        .until(() -> status(port, "/health/ready") == 200);
      assertThat(status(port, "/templates")).isEqualTo(200);
      assertThat(status(port, "/templates/payments/nothing/1.0.0")).isEqualTo(404);
      Files.writeString(template, "name: [unclosed");
      assertThat(status(port, "/templates/payments/process_payment/1.0.0")).as("a file broken after start").isEqualTo(500);
    } finally {
      worker.destroy(); // SIGTERM: the drain and stop are logged too
      assertThat(worker.waitFor(60, TimeUnit.SECONDS)).as("stopped").isTrue();
    }

    List<JsonObject> lines = new ArrayList<>();
    for (String line : Files.readAllLines(log.toPath())) {
      JsonObject parsed = new JsonObject(line); // fails the test on any line that is not one JSON object
      assertThat(parsed.fieldNames()).as(line).contains("timestamp", "level", "logger", "message", "thread", "worker_id");
      assertThat(Instant.parse(parsed.getString("timestamp"))).as(line).isNotNull();
      assertThat(parsed.getString("worker_id")).as(line).isEqualTo("json-log-worker");
      lines.add(parsed);
    }
    assertThat(lines).anySatisfy(l -> assertThat(l.getString("message")).contains("running in full mode"));
    assertThat(lines).anySatisfy(l -> assertThat(l.getString("message")).contains("stopped"));
    assertThat(lines).filteredOn(l -> l.getString("logger").endsWith(".access"))
      .hasSizeGreaterThanOrEqualTo(3).allSatisfy(l -> assertThat(l.getString("request_id")).isNotBlank());
    assertThat(lines).filteredOn(l -> l.containsKey("stack_trace")).singleElement().satisfies(l -> {
      assertThat(l.getString("level")).isEqualTo("ERROR");
      assertThat(l.getString("request_id")).as("the failed request's id beside its stack trace").isNotBlank();
      assertThat(l.getString("stack_trace")).contains("RECIPIENT_FAILURE", "cannot be read");
    });
  }

  private static int status(int port, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
      .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
