package org.taskercore.worker.access;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.taskercore.worker.support.Waits;
import org.taskercore.worker.support.TestSockets;
import org.taskercore.worker.support.WorkerProcess;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A worker in a JVM of its own (as deployed: {@code -Xmx256m}, info logging, access control on)
 * under the campaign's attacks, judged by what an operator sees: its memory and its log.
 */
@DisplayName("Hostile clients against a worker process: memory stays bounded, the log is neither flooded nor forged")
class HostileClientsTest {

  static final String KEY = "CANARY-hostile-clients-key-0001";
  static final long MIB = 1024 * 1024;

  static Process worker;
  static File log;
  static int httpPort;
  static int bridgePort;
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    Path templates = Files.createTempDirectory("hostile-templates");
    Files.copy(Path.of("conf/templates/payments/process_payment/1.0.0.yaml"), templates.resolve("good.yaml"));
    Files.writeString(templates.resolve("forged.yaml"), Files.readString(templates.resolve("good.yaml"))
      .replaceFirst("(?m)^name: .*$", "name: \"evil\\\\e[31mRED\\\\nFAKE LINE\""));
    httpPort = TestSockets.freePort();
    bridgePort = TestSockets.freePort();
    log = new File("target/hostile-clients.log");
    worker = WorkerProcess.start(Map.of(
      "TASKER_LOG_LEVEL", "info",
      "TASKER__WORKER__WEB__BIND_ADDRESS", "127.0.0.1:" + httpPort,
      "TASKER__WORKER__BRIDGE__ENABLED", "true",
      "TASKER__WORKER__BRIDGE__BIND_ADDRESS", "127.0.0.1:" + bridgePort,
      "TASKER__WORKER__WEB__AUTH__ENABLED", "true",
      "TASKER__WORKER__WEB__AUTH__API_KEYS", "[\"" + KEY + "\"]",
      "TASKER__WORKER__TEMPLATES__SEARCH_PATHS", "[\"" + templates + "/*.yaml\"]"), log, "run");
    Waits.await("the worker ready (see " + log + ")").atMost(Duration.ofSeconds(90))
      .until(() -> status("/health/ready", null) == 200);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    worker.destroy();
    if (!worker.waitFor(60, TimeUnit.SECONDS)) {
      worker.destroyForcibly().waitFor();
    }
  }

  @Test
  @DisplayName("four connections declaring 2 GB frames and sending 64 MB each: RSS within 50 MB of idle, no OutOfMemoryError, no stack trace")
  void oversizedFramesCostNothing() throws Exception {
    for (int i = 0; i < 200; i++) { // warm the paths the attack touches, so idle means settled
      assertEquals(200, status("/health/detailed", null));
    }
    long idle = rss();
    List<CompletableFuture<Long>> attackers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      attackers.add(CompletableFuture.supplyAsync(HostileClientsTest::declareTwoGigabytesSendSixtyFour));
    }
    long sent = attackers.stream().mapToLong(CompletableFuture::join).sum();
    long after = rss();
    System.out.printf("bridge memory: idle RSS %d MiB, after 4 x 64 MB attack %d MiB (the attackers wrote %d MiB before the worker closed them)%n",
      idle / MIB, after / MIB, sent / MIB);
    assertThat(after - idle).as("RSS growth under the attack").isLessThan(50 * MIB);
    assertEquals(200, status("/health/ready", null), "still serving");
    String text = Files.readString(log.toPath());
    assertThat(text).doesNotContain("OutOfMemoryError").doesNotContain("\tat ");
  }

  @Test
  @DisplayName("5,000 bad-key requests and 2,000 malformed bridge frames write at most a few dozen lines, never the key")
  void refusalsDoNotFlood() throws Exception {
    long before = lines();
    List<CompletableFuture<HttpResponse<Void>>> flood = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      flood.add(HTTP.sendAsync(request("/config", "CANARY-wrong-key-" + i + "-0000000000").build(),
        HttpResponse.BodyHandlers.discarding()));
      if (flood.size() >= 16) { // a few in flight at a time, as a scripted attacker would
        assertEquals(401, flood.remove(0).join().statusCode());
      }
    }
    flood.forEach(f -> assertEquals(401, f.join().statusCode()));
    try (Socket socket = new Socket("127.0.0.1", bridgePort)) {
      socket.setSoTimeout(20_000); // a bridge that stays silent fails the test rather than hanging it
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      DataInputStream in = new DataInputStream(socket.getInputStream());
      byte[] garbage = "this is not JSON".getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 2_000; i++) {
        out.writeInt(garbage.length);
        out.write(garbage);
      }
      out.flush();
      for (int i = 0; i < 2_000; i++) { // every malformed frame is answered
        byte[] answer = new byte[in.readInt()];
        in.readFully(answer);
        assertThat(new String(answer, StandardCharsets.UTF_8)).contains("\"failureCode\":400");
      }
    }
    // The throttled lines are written as the next refusal after a quiet second comes; wait for the log to settle.
    Waits.await("the worker alive").atMost(Duration.ofSeconds(5)).until(() -> status("/health/live", null) == 200);
    long written = lines() - before;
    System.out.printf("log lines written for 5,000 refused requests and 2,000 malformed frames: %d%n", written);
    assertThat(written).isLessThan(40);
    assertThat(Files.readString(log.toPath())).doesNotContain("CANARY");
  }

  @Test
  @DisplayName("control characters from outside (a request path, a template's name) are escaped in the log; the forged template is skipped naming file and line")
  void logCannotBeForged() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", httpPort)) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET /templates/x\u001b[31mRED\u0007 HTTP/1.1\r\nHost: w\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 4");
    }
    Waits.await("the refused request's line in the log").atMost(Duration.ofSeconds(10))
      .until(() -> read().contains("RED\\u0007"));
    String text = read();
    assertThat(text).doesNotContain("\u001b").doesNotContain("\u0007");
    assertThat(text).contains("template file skipped: ").contains("forged.yaml").contains("line ")
      .contains("invalid name: 'evil\\u001b[31mRED\\nFAKE LINE'");
    assertThat(text.lines().filter(l -> l.startsWith("FAKE LINE"))).isEmpty();
  }

  private static long declareTwoGigabytesSendSixtyFour() {
    long written = 0;
    try (Socket socket = new Socket("127.0.0.1", bridgePort)) {
      socket.setSoTimeout(20_000); // a bridge that stays silent fails the test rather than hanging it
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.writeInt(Integer.MAX_VALUE);
      byte[] chunk = new byte[64 * 1024];
      while (written < 64 * MIB) {
        out.write(chunk);
        written += chunk.length;
      }
    } catch (IOException closedByTheWorker) {
      // what should happen: the worker refused the frame and closed the connection
    }
    return written;
  }

  private static long rss() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + worker.pid() + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    }
    throw new IllegalStateException("no VmRSS for " + worker.pid());
  }

  private static String read() {
    try {
      return Files.readString(log.toPath());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long lines() {
    return read().lines().count();
  }

  private static HttpRequest.Builder request(String path, String key) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(10));
    return key == null ? builder : builder.header("X-API-Key", key);
  }

  private static int status(String path, String key) {
    try {
      return HTTP.send(request(path, key).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException | InterruptedException e) {
      return -1;
    }
  }
}
