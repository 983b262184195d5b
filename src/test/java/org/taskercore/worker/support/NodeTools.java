package org.taskercore.worker.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The npm tools of {@code src/test/node} (installed and pinned by {@code scripts/node-tools}):
 * Redocly CLI's lint, run to its end, and a Prism validating proxy, run until closed.
 */
public final class NodeTools {

  private static final Path BIN = Path.of("src/test/node/node_modules/.bin");

  private NodeTools() {
  }

  /** What a finished command printed on its standard output, and its exit status. */
  public record Finished(int exitCode, String output) {
  }

  /** {@code redocly lint} of {@code document} with the project's {@code redocly.yaml}, as JSON. */
  public static Finished redoclyLint(Path document) throws IOException, InterruptedException {
    Process lint = start(List.of(BIN.resolve("redocly").toString(), "lint", document.toString(), "--config", "redocly.yaml",
      "--format=json"), null); // the report alone on stdout; notices (Node version, progress) go to stderr
    String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!lint.waitFor(120, TimeUnit.SECONDS)) {
      lint.destroyForcibly();
      throw new AssertionError("redocly lint did not finish in 120 s");
    }
    return new Finished(lint.exitValue(), output);
  }

  /**
   * A Prism proxy on a free loopback port in front of {@code upstream}, checking every response
   * against {@code document} ({@code --errors}: a violation answers 500 with {@code sl-violations}).
   * Requests are forwarded unvalidated, so the upstream's own refusals are checked too.
   */
  public static final class PrismProxy implements AutoCloseable {
    private final Process process;
    public final int port;

    private PrismProxy(Process process, int port) {
      this.process = process;
      this.port = port;
    }

    public static PrismProxy start(Path document, String upstream, File log) throws IOException {
      int port = TestSockets.freePort();
      Process process = NodeTools.start(List.of(BIN.resolve("prism").toString(), "proxy", document.toString(), upstream,
        "--errors", "--validate-request=false", "--host", "127.0.0.1", "--port", String.valueOf(port),
        "--verboseLevel", "warn"), log);
      PrismProxy proxy = new PrismProxy(process, port);
      try {
        Waits.await("Prism listening on 127.0.0.1:" + port + " (see " + log + ")").atMost(Duration.ofSeconds(60))
          .until(() -> !process.isAlive() || TestSockets.accepts(port));
      } catch (RuntimeException e) {
        proxy.close();
        throw e;
      }
      if (!process.isAlive()) {
        throw new AssertionError("Prism exited at start: " + Files.readString(log.toPath()));
      }
      return proxy;
    }

    @Override
    public void close() {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static Process start(List<String> command, File log) throws IOException {
    if (!Files.isExecutable(Path.of(command.get(0)))) {
      throw new IllegalStateException(command.get(0) + " is missing: run scripts/node-tools (scripts/test does)");
    }
    ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
    if (log != null) {
      builder.redirectErrorStream(true).redirectOutput(log);
    } else {
      builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    }
    return builder.start();
  }
}
