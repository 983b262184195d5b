package org.taskercore.worker.database;

import io.vertx.pgclient.PgConnectOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.support.Waits;
import org.taskercore.worker.support.TestDatabase;
import org.taskercore.worker.support.WorkerProcess;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("The database URL's password never leaves the process: /config, /health/detailed, logs, errors")
class DatabaseSecretTest {

  static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  @DisplayName("a worker on a real database, and on one that went away: its answers and its whole log never show the password")
  void neverShown() throws Exception {
    String url = TestDatabase.fresh();
    String password = PgConnectOptions.fromUri(url).getPassword();
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    File log = new File("target/database-secret.log");
    Process worker = WorkerProcess.start(Map.of("DATABASE_URL", url, "TASKER__WORKER__WEB__BIND_ADDRESS", "127.0.0.1:" + port,
      "TASKER__WORKER__DEMO__ENABLED", "true", "TASKER__WORKER__DEMO__INTERVAL_MS", "100"), log, "run");
    try {
      Waits.await("the worker ready on its database (see " + log + ")").atMost(Duration.ofSeconds(90))
        .until(() -> status(port, "/health/ready") == 200);
      for (String path : new String[] {"/config", "/health/detailed", "/health/ready", "/metrics", "/metrics/events"}) {
        HttpResponse<String> answer = get(port, path);
        assertThat(answer.body()).as(path).doesNotContain(password);
      }
      assertThat(get(port, "/config").body()).contains("***REDACTED***");
      assertThat(get(port, "/health/detailed").body()).contains("SELECT 1 in");
    } finally {
      worker.destroy(); // SIGTERM: drains and logs its way out
      worker.waitFor(60, TimeUnit.SECONDS);
      worker.destroyForcibly();
    }
    String text = Files.readString(log.toPath());
    assertThat(text).contains("ready (1 migration applied)").doesNotContain(password);
  }

  @Test
  @DisplayName("a URL that cannot be read stops start-up with a message that never shows the password")
  void unreadableUrl() {
    assertThatThrownBy(() -> TaskerWorker.builder().set("common.database.url", "postgresql://svc:CANARY db@127.0.0.1:1/x?y=%zz")
      .set("worker.web.enabled", false).startAndWait(Duration.ofSeconds(30)))
      .hasMessageContaining("common.database.url")
      .satisfies(e -> assertThat(String.valueOf(e.getMessage()) + e.getCause()).doesNotContain("CANARY"));
  }

  private static int status(int port, String path) {
    try {
      return get(port, path).statusCode();
    } catch (IOException | InterruptedException e) {
      return -1;
    }
  }

  private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
      HttpResponse.BodyHandlers.ofString());
  }
}
