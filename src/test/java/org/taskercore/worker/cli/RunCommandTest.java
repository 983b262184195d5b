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
    String message = refused(bad);
    assertThat(message).startsWith("configuration error: " + bad).contains("line 3");
    assertEquals(1, message.lines().count(), "one message: " + message);
  }

  @Test
  @DisplayName("a key of thousands of parts or values nested thousands deep exit 2 with one line naming file, line and key")
  void deepNesting() throws IOException {
    String deep = String.join(".", java.util.Collections.nCopies(5_000, "a"));
    for (String text : new String[] {"[worker]\n[" + deep + "]\nx = 1\n", "[worker]\nnamespaces = []\n" + deep + " = 1\n",
      "x = " + "[".repeat(5_000) + "]".repeat(5_000) + "\n"}) {
      Path bad = dir.resolve("deep.toml");
      Files.writeString(bad, text);
      String message = refused(bad);
      assertThat(message).startsWith("configuration error: " + bad).contains("line ").contains("64");
      assertEquals(1, message.lines().count(), "one message: " + message);
      assertThat(message.length()).isLessThan(400);
    }
  }

  /** Runs {@code run --conf file}, asserts exit code 2, and answers what it wrote to stderr. */
  private static String refused(Path conf) {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = RunCommand.run("run", List.of("--conf", conf.toString()), TaskerWorker::builder);
    } finally {
      System.setErr(saved);
    }
    String message = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, code, message);
    return message;
  }

  @Test
  @DisplayName("an unexpected argument exits 2")
  void usage() {
    assertEquals(2, RunCommand.run("run", List.of("--bogus"), TaskerWorker::builder));
  }
}
