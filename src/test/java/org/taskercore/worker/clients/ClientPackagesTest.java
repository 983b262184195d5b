package org.taskercore.worker.clients;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each client packaged the way its ecosystem expects and installed from its directory, offline:
 * the gem built and installed, the npm package packed and installed, each then loaded by name
 * from where it was installed. The Python project's metadata and its {@code tasker-probe} entry
 * point are checked here; its offline install into a fresh venv is ReadmeSnippetsTest's, as its
 * README writes it.
 */
@DisplayName("Client packages: the gem, the npm package and the Python project install and load by name")
class ClientPackagesTest {

  static final Path CLIENTS = Path.of("clients").toAbsolutePath();

  @Test
  @DisplayName("gem build, gem install, require 'tasker_worker_client'")
  void rubyGem(@TempDir Path dir) throws Exception {
    Path gem = dir.resolve("tasker_worker_client.gem");
    run(CLIENTS.resolve("ruby"), Map.of(), "gem", "build", "tasker_worker_client.gemspec", "--output", gem.toString());
    run(dir, Map.of(), "gem", "install", "--local", "--no-document", "--install-dir", dir.resolve("gems").toString(), gem.toString());
    String loaded = run(dir, Map.of("GEM_HOME", dir.resolve("gems").toString(), "GEM_PATH", dir.resolve("gems").toString()),
      "ruby", "-e", "require 'tasker_worker_client'; puts TaskerWorkerClient::Client.instance_method(:health_basic).owner");
    assertThat(loaded).contains("TaskerWorkerClient::Client");
  }

  @Test
  @DisplayName("npm pack, npm install, require('tasker-worker-client')")
  void npmPackage(@TempDir Path dir) throws Exception {
    run(CLIENTS.resolve("node"), Map.of(), "npm", "pack", "--pack-destination", dir.toString());
    Path app = Files.createDirectory(dir.resolve("app"));
    run(app, Map.of(), "npm", "install", "--offline", "--no-audit", "--no-fund", dir.resolve("tasker-worker-client-0.1.0.tgz").toString());
    String loaded = run(app, Map.of(), "node", "-e",
      "const m = require('tasker-worker-client'); console.log(typeof new m.Client().healthBasic, m.TaskerWorkerError.name)");
    assertThat(loaded).contains("function TaskerWorkerError");
    assertThat(app.resolve("node_modules/tasker-worker-client/index.d.ts")).exists();
  }

  @Test
  @DisplayName("pyproject.toml names the package and a tasker-probe script that resolves")
  void pythonProject(@TempDir Path dir) throws Exception {
    String checked = run(dir, Map.of("PYTHONPATH", CLIENTS.resolve("python").toString()), "python3", "-c", String.join("\n",
      "import importlib, tomllib",
      "project = tomllib.load(open(" + pyString(CLIENTS.resolve("python/pyproject.toml")) + ", 'rb'))['project']",
      "module, function = project['scripts']['tasker-probe'].split(':')",
      "assert callable(getattr(importlib.import_module(module), function))",
      "assert project['dependencies'] == []",
      "print(project['name'], importlib.import_module(project['name']).Client.__name__)"));
    assertThat(checked).contains("tasker_worker_client Client");
  }

  private static String pyString(Path path) {
    return "'" + path.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static String run(Path dir, Map<String, String> env, String... command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished", List.of(command)).isTrue();
    assertThat(process.exitValue()).as("%s:%n%s", List.of(command), output).isZero();
    return output;
  }
}
