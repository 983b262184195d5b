package org.taskercore.worker.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A test program in another language (a client's own test suite) run to its end, answering its
 * requests to change the world around it: {@code @@control <command>} ending a line of its output is
 * handed to {@code control}, whose answer ({@code ok} or why not) goes back on its input.
 */
public final class ScriptedRun {

  private static final String CONTROL = "@@control ";

  private ScriptedRun() {
  }

  /** What the program printed (output and errors, in order) and how it exited. */
  public record Outcome(int exitCode, String transcript) {
  }

  public static Outcome run(Path workDir, Map<String, String> env, List<String> command, Duration bound,
      UnaryOperator<String> control) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("TASKER_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    StringBuilder transcript = new StringBuilder();
    Thread reader = new Thread(() -> converse(process, control, transcript), "scripted-run " + command.get(0));
    reader.start();
    if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      reader.join(5_000);
      return new Outcome(-1, transcript + "\n(killed: still running after " + bound + ")");
    }
    reader.join(10_000);
    synchronized (transcript) {
      return new Outcome(process.exitValue(), transcript.toString());
    }
  }

  private static void converse(Process process, UnaryOperator<String> control, StringBuilder transcript) {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
         Writer in = process.outputWriter(StandardCharsets.UTF_8)) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        synchronized (transcript) {
          transcript.append(line).append('\n');
        }
        int at = line.indexOf(CONTROL); // test runners print a test's name without ending its line
        if (at >= 0) {
          String answer;
          try {
            answer = control.apply(line.substring(at + CONTROL.length()).trim());
          } catch (RuntimeException e) {
            answer = "failed: " + e;
          }
          in.write(answer + "\n");
          in.flush();
        }
      }
    } catch (IOException e) {
      synchronized (transcript) {
        transcript.append("(reading its output failed: ").append(e).append(")\n");
      }
    }
  }
}
