package org.taskercore.worker.cli;

import org.taskercore.worker.TaskerWorker;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("run refuses a bad configuration with one message and a non-zero exit")
class RunCommandTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("a malformed --conf file exits 2, naming the file and the line")
  void malformedConf() throws IOException {
    Path bad = dir.resolve("bad.toml");
    Files.writeString(bad, "[worker]\nworker_id = \"ok\"\nnot toml at all\n");
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = RunCommand.run("run", List.of("--conf", bad.toString()), TaskerWorker::builder);
    } finally {
      System.setErr(saved);
    }
    assertEquals(2, code);
    String message = err.toString(StandardCharsets.UTF_8);
    assertThat(message).startsWith("configuration error: " + bad).contains("line 3");
    assertEquals(1, message.lines().count(), "one message: " + message);
  }

  @Test
  @DisplayName("an unexpected argument exits 2")
  void usage() {
    assertEquals(2, RunCommand.run("run", List.of("--bogus"), TaskerWorker::builder));
  }
}
