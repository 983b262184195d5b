package org.taskercore.worker.cli;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.taskercore.worker.support.TestCluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("query, submit and probe --worker join the cluster as clients")
class ClusterCliTest {

  static final TestCluster cluster = new TestCluster();
  @TempDir
  static Path dir;
  static Path conf;

  @BeforeAll
  static void start() throws Exception {
    cluster.starting("cli-target", c -> { }).await(60, TimeUnit.SECONDS);
    conf = dir.resolve("client.toml");
    Files.writeString(conf, "[cluster]\nenabled = true\nname = \"" + cluster.name + "\"\nhost = \"127.0.0.1\"\nport = "
      + cluster.basePort + "\nmembers = " + cluster.members().encode() + "\n");
  }

  @AfterAll
  static void stop() throws Exception {
    cluster.stopAll().await(60, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("query calls a method on a named worker and prints its JSON; an unknown worker exits 1, bad usage 2")
  void query() {
    Run templates = run(QueryCommand::run, "--worker", "cli-target", "templates.get", "payments", "process_payment", "1.0.0");
    assertEquals(0, templates.code, templates.out);
    assertEquals("process_payment", new JsonObject(templates.out).getJsonObject("template").getString("name"));
    Run environment = run(QueryCommand::run, "--worker", "any", "config.environment");
    assertEquals("test", environment.out.strip());
    Run unknown = run(QueryCommand::run, "--worker", "nobody", "health.basic");
    assertEquals(1, unknown.code);
    assertEquals("worker_not_found", new JsonObject(unknown.out).getString("error"));
    assertEquals(2, run(QueryCommand::run, "--worker", "any", "health.reboot").code);
    assertEquals(2, run(QueryCommand::run, "--worker", "any", "templates.get", "payments").code);
  }

  @Test
  @DisplayName("submit runs a task on the cluster and prints each step's outcome; a failing task exits 1")
  void submit() {
    Run ok = run(SubmitCommand::run, "inventory/fulfil_order/1.0.0", "{\"flaky_steps\": {\"reserve_stock\": 1}}");
    assertEquals(0, ok.code, ok.out);
    JsonObject result = new JsonObject(ok.out);
    assertEquals(4, result.getJsonArray("steps").size());
    assertEquals(2, result.getJsonArray("steps").getJsonObject(0).getInteger("attempts"));
    assertEquals("cli-target", result.getJsonArray("steps").getJsonObject(0).getString("worker_id"));
    Run failing = run(SubmitCommand::run, "payments/process_payment/1.0.0", "{\"fail_steps\": [\"charge_card\"]}");
    assertEquals(1, failing.code);
    assertEquals("error", new JsonObject(failing.out).getString("status"));
    assertEquals(2, run(SubmitCommand::run, "payments/process_payment/1.0.0", "{not json").code);
  }

  @Test
  @DisplayName("probe --worker answers over the bus: 0 for a ready worker, 2 (unreachable) for one that is not there")
  void probeWorker() {
    Run ready = run(ProbeCommand::run, "ready", "--worker", "cli-target");
    assertEquals(0, ready.code, ready.out);
    assertThat(ready.out).startsWith("ready: healthy (cli-target");
    Run absent = run(ProbeCommand::run, "live", "--worker", "nobody");
    assertEquals(2, absent.code, absent.out);
    assertThat(absent.out).startsWith("live: unreachable");
    assertEquals(1, absent.out.lines().count(), "one line");
  }

  private record Run(int code, String out) {
  }

  private static Run run(BiFunction<List<String>, PrintStream, Integer> command, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--conf", conf.toString(), "--timeout", "30s"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code = command.apply(all, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return new Run(code, bytes.toString(StandardCharsets.UTF_8));
  }
}
