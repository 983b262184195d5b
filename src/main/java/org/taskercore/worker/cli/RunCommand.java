package org.taskercore.worker.cli;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.WorkerBuilder;
import org.taskercore.worker.config.ConfigException;
import org.taskercore.worker.config.ConfigLoader;
import org.taskercore.worker.config.TaskerConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code run [--conf FILE]} and {@code gateway [--conf FILE]}: start a worker (with the sample
 * handlers) or a gateway, and keep it until SIGTERM / Ctrl-C, then drain. A bad configuration
 * exits 2, any other failed start 1.
 */
final class RunCommand {

  static final int KEEP_RUNNING = -1;

  private RunCommand() {
  }

  static int run(String command, List<String> args, Supplier<WorkerBuilder> builder) {
    ConfigLoader loader = new ConfigLoader();
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals("--conf") && i + 1 < args.size()) {
        loader.overrideFile(Path.of(args.get(++i)));
      } else {
        System.err.println(command + ": unexpected argument '" + args.get(i) + "' (usage: " + command + " [--conf FILE])");
        return 2;
      }
    }
    TaskerConfig config;
    try {
      config = loader.load();
    } catch (ConfigException e) {
      System.err.println("configuration error: " + e.getMessage());
      return 2;
    }
    labelLogs(config.worker().workerId());
    TaskerWorker worker;
    try {
      worker = builder.get().config(config).start()
        .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      System.err.println(cause instanceof ConfigException ? "configuration error: " + cause.getMessage()
        : command + " failed to start: " + cause);
      return cause instanceof ConfigException ? 2 : 1;
    } catch (Exception e) {
      System.err.println(command + " failed to start: " + e);
      return 1;
    }
    // The JVM waits for this hook, so SIGTERM drains in-flight steps instead of cutting them off.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      CompletableFuture<Void> stopped = worker.stop().toCompletionStage().toCompletableFuture();
      try {
        stopped.get(worker.config().worker().health().drainDelayMs()
          + worker.config().worker().shutdownTimeoutMs() + 5_000, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        System.err.println(command + " did not stop cleanly: " + e);
      }
      flushLogs(); // the asynchronous appender still holds the drain's last lines
    }, "tasker-worker-shutdown"));
    return KEEP_RUNNING;
  }

  /** Every log line of this process names its worker (the JSON format's {@code worker_id}). */
  private static void labelLogs(String workerId) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logging) {
      logging.putProperty("worker_id", workerId);
    }
  }

  /** Writes what the log's asynchronous appender still holds, and ends logging: the process is leaving. */
  static void flushLogs() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logging) {
      logging.stop();
    }
  }
}
