package org.taskercore.worker.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Zipkin server (in memory) on a free loopback port, started once for the test run and
 * stopped when the JVM exits. scripts/test fetches its jar (scripts/zipkin jar) and names it in
 * TASKER_TEST_ZIPKIN_JAR; tests read what arrived through its query API.
 */
public final class ZipkinServer {

  private static final Duration START_BOUND = Duration.ofSeconds(90);
  private static ZipkinServer shared;

  private final int port;
  private final Process process;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ZipkinServer(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  public static synchronized ZipkinServer shared() {
    if (shared == null) {
      shared = start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
    }
    return shared;
  }

  private static ZipkinServer start() {
    String jar = System.getenv("TASKER_TEST_ZIPKIN_JAR");
    if (jar == null || jar.isBlank()) {
      jar = System.getProperty("user.home") + "/.m2/repository/io/zipkin/zipkin-server/3.5.1/zipkin-server-3.5.1-exec.jar";
    }
    assertThat(new File(jar)).as("the Zipkin server jar; scripts/test fetches it (scripts/zipkin jar)").isFile();
    int port = TestSockets.freePort();
    try {
      Path log = Files.createTempFile("zipkin-", ".log");
      log.toFile().deleteOnExit();
      Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", jar, "--armeria.ports[0].ip=127.0.0.1",
        "--armeria.ports[0].port=" + port, "--armeria.ports[0].protocols=http", "--logging.level.root=warn")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      ZipkinServer server = new ZipkinServer(port, process);
      Waits.await("Zipkin answering on port " + port).atMost(START_BOUND).until(() -> {
        assertThat(process.isAlive()).as("Zipkin still running (log " + log + ")").isTrue();
        return server.status("/health") == 200;
      });
      return server;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Where the Zipkin exporter sends spans. */
  public String spansEndpoint() {
    return "http://127.0.0.1:" + port + "/api/v2/spans";
  }

  /** Zipkin's page of one trace, as {@code observability.tracing.ui_url} writes it. */
  public String traceUiUrl() {
    return "http://127.0.0.1:" + port + "/zipkin/traces/{trace_id}";
  }

  /** The spans of one trace so far (empty when none arrived). */
  public List<JsonObject> trace(String traceId) {
    String body = get("/api/v2/trace/" + traceId);
    List<JsonObject> spans = new ArrayList<>();
    if (body != null) {
      new JsonArray(body).forEach(span -> spans.add((JsonObject) span));
    }
    return spans;
  }

  /** Waits until the trace's spans so far pass {@code complete}, and returns them. */
  public List<JsonObject> awaitTrace(String traceId, String what, Predicate<List<JsonObject>> complete) {
    List<List<JsonObject>> last = new ArrayList<>();
    Waits.await("trace " + traceId + " with " + what + " in Zipkin").atMost(Duration.ofSeconds(30)).until(() -> {
      List<JsonObject> spans = trace(traceId);
      last.clear();
      last.add(spans);
      return complete.test(spans);
    });
    return last.get(0);
  }

  private int status(String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5))
        .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private String get(String path) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : null;
    } catch (IOException e) {
      throw new AssertionError("Zipkin query " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private void stop() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
