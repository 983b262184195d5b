package org.taskercore.worker.clients;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.support.TestSockets;
import org.taskercore.worker.support.TestWorkers;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The code blocks of the README and the clients' READMEs, taken from the files and run as written
 * against a real worker: the documented addresses (127.0.0.1:8081, the bridge's 127.0.0.1:7000)
 * are this test's worker's, the only change made to them.
 */
@DisplayName("README snippets run as written against a worker")
class ReadmeSnippetsTest {

  static final Path ROOT = Path.of("").toAbsolutePath();
  static final Pattern BLOCK = Pattern.compile("(?ms)^```(\\w*)\\n(.*?)^```");
  static TaskerWorker worker;
  static int bridgePort;

  @BeforeAll
  static void start() {
    bridgePort = TestSockets.freePort();
    worker = TestWorkers.start(c -> c.set("worker.web.enabled", true).set("worker.web.bind_address", "127.0.0.1:0")
      .set("worker.bridge.enabled", true).set("worker.bridge.bind_address", "127.0.0.1:" + bridgePort));
  }

  @AfterAll
  static void stop() {
    worker.stopAndWait(Duration.ofSeconds(30));
  }

  @Test
  @DisplayName("clients/python/README.md: the example, the probe, and the offline install into a fresh venv")
  void python(@TempDir Path dir) throws Exception {
    Path readme = Path.of("clients/python/README.md");
    String example = block(readme, "python", 0);
    assertThat(run(List.of("python3", "-c", example), Map.of("PYTHONPATH", "clients/python"))).contains("404 template not found");
    String install = block(readme, "bash", 0).replace("~/.venvs/tasker", dir.resolve("venv").toString());
    // A fresh Debian machine's python3, which scripts/test gives python3-venv, -setuptools and -wheel.
    Map<String, String> debian = Map.of("PATH", "/usr/bin:/bin");
    Path checkout = dir.resolve("checkout"); // pip builds in the source tree: a copy keeps the project's clean
    Files.createDirectories(checkout.resolve("clients"));
    copyTree(ROOT.resolve("clients/python"), checkout.resolve("clients/python"));
    for (String line : commands(install)) {
      run(checkout, List.of("bash", "-c", line), debian);
    }
    assertThat(run(List.of(dir.resolve("venv/bin/tasker-probe").toString(), "ready", "--bridge", "127.0.0.1:" + bridgePort),
      Map.of())).startsWith("ready: healthy");
    for (String line : commands(block(readme, "bash", 1))) {
      assertThat(run(List.of("bash", "-c", line), Map.of())).startsWith("ready: healthy");
    }
  }

  @Test
  @DisplayName("clients/ruby/README.md: the example")
  void ruby() throws Exception {
    String example = block(Path.of("clients/ruby/README.md"), "ruby", 0);
    assertThat(run(List.of("ruby", "-Iclients/ruby/lib", "-e", example), Map.of())).contains("404\ntemplate not found");
  }

  @Test
  @DisplayName("clients/node/README.md: the example, loaded by the package's name")
  void node(@TempDir Path app) throws Exception {
    Files.createDirectories(app.resolve("node_modules"));
    Files.createSymbolicLink(app.resolve("node_modules/tasker-worker-client"), ROOT.resolve("clients/node"));
    Path script = Files.writeString(app.resolve("example.js"), block(Path.of("clients/node/README.md"), "js", 0));
    assertThat(run(List.of("node", script.toString()), Map.of())).contains("404 template not found");
  }

  @Test
  @DisplayName("README.md: the first curl calls, the clients' one-liners and the probe")
  void readme() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    List<String> lines = new ArrayList<>();
    for (String block : blocks(readme, "bash")) {
      if (block.contains("curl -s 127.0.0.1:8081/health/detailed") || block.contains("tasker_worker_client")) {
        lines.addAll(commands(block));
      }
    }
    assertThat(lines).as("the README's client and curl lines").hasSizeGreaterThanOrEqualTo(7);
    for (String line : lines) {
      if (!line.startsWith("TASKER__WORKER__BRIDGE__ENABLED=true scripts/run")) { // this test's worker is that worker
        assertThat(run(List.of("bash", "-c", line), Map.of())).as(line).isNotBlank();
      }
    }
  }

  /** The {@code index}th block of {@code language} in {@code markdown}. */
  private static String block(Path markdown, String language, int index) throws Exception {
    List<String> found = blocks(Files.readString(markdown), language);
    assertThat(found).as("```%s blocks in %s", language, markdown).hasSizeGreaterThan(index);
    return found.get(index);
  }

  private static List<String> blocks(String markdown, String language) {
    List<String> found = new ArrayList<>();
    Matcher m = BLOCK.matcher(markdown);
    while (m.find()) {
      if (m.group(1).equals(language)) {
        found.add(m.group(2));
      }
    }
    return found;
  }

  /** A shell block's commands, one a line, with the documented addresses made this worker's; sudo lines left to scripts/test. */
  private static List<String> commands(String block) {
    return block.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("sudo "))
      .map(l -> l.replace("127.0.0.1:8081", "127.0.0.1:" + worker.httpPort())
        .replace("127.0.0.1:7000", "127.0.0.1:" + bridgePort))
      .toList();
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (var files = Files.walk(from)) {
      for (Path file : files.filter(f -> !f.toString().contains("__pycache__")).toList()) {
        Files.copy(file, to.resolve(from.relativize(file).toString()));
      }
    }
  }

  private static String run(List<String> command, Map<String, String> env) throws Exception {
    return run(ROOT, command, env);
  }

  /** Runs in {@code dir} with the bridge's address in TASKER_BRIDGE_ADDRESS; fails unless it exits 0. */
  private static String run(Path dir, List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    Map<String, String> all = new HashMap<>(env);
    all.put("TASKER_BRIDGE_ADDRESS", "127.0.0.1:" + bridgePort);
    builder.environment().putAll(all);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    assertThat(process.exitValue()).as("%s:%n%s", command, output).isZero();
    return output;
  }
}
