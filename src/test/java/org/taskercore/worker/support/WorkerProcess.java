package org.taskercore.worker.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The CLI ({@code org.taskercore.worker.cli.Main}) in a JVM of its own, its whole output in one log file. */
public final class WorkerProcess {

  private WorkerProcess() {
  }

  /** @param env added to this process's environment ({@code TASKER_ENV} is {@code test} unless given) */
  public static Process start(Map<String, String> env, File log, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-Xmx256m", "-cp", System.getProperty("java.class.path"), "org.taskercore.worker.cli.Main"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log);
    builder.environment().put("TASKER_ENV", "test");
    builder.environment().putAll(env);
    return builder.start();
  }
}
