package org.taskercore.worker.cli;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.taskercore.worker.cluster.ClusterNode;
import org.taskercore.worker.config.ConfigException;
import org.taskercore.worker.config.TaskerConfig;

import java.io.PrintStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Joins the cluster as a lite member (it holds no data, so joining and leaving move nothing),
 * does one piece of work, prints its line or JSON, and leaves. The whole is bounded by
 * {@code --timeout}; the answer is the exit code.
 */
final class ClusterClient {

  /** The exit status when the configuration is wrong or not clustered (the answer printed says which). */
  static final int CONFIGURATION = 2;

  private ClusterClient() {
  }

  /** {@code work} answers the exit code; it prints its own output. */
  static int run(CliOptions options, PrintStream out, Function<Vertx, Future<Integer>> work) {
    return run(options, out, (vertx, config) -> work.apply(vertx));
  }

  /** The same, for work that reads the configuration too. */
  static int run(CliOptions options, PrintStream out, BiFunction<Vertx, TaskerConfig, Future<Integer>> work) {
    TaskerConfig config;
    try {
      config = options.loader().load();
    } catch (ConfigException e) {
      out.println(new JsonObject().put("error", "configuration").put("message", e.getMessage()).encode());
      return CONFIGURATION;
    }
    if (!config.cluster().enabled()) {
      out.println(new JsonObject().put("error", "not_clustered")
        .put("message", "cluster.enabled is false; set TASKER__CLUSTER__ENABLED=true or use --conf").encode());
      return CONFIGURATION;
    }
    long deadline = System.nanoTime() + options.timeout().toNanos();
    Vertx vertx = null;
    try {
      vertx = ClusterNode.start(config.cluster(), true, opts -> Vertx.builder().with(opts)).map(ClusterNode.ClusteredVertx::vertx)
        .toCompletionStage().toCompletableFuture().get(remaining(deadline), TimeUnit.NANOSECONDS);
      Vertx joined = vertx;
      return work.apply(joined, config).toCompletionStage().toCompletableFuture().get(remaining(deadline), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      out.println(new JsonObject().put("error", "timeout")
        .put("message", "no answer within " + options.timeout().toMillis() + " ms (joining the cluster included)").encode());
      return 1;
    } catch (ExecutionException e) {
      out.println(new JsonObject().put("error", "failed").put("message", String.valueOf(e.getCause().getMessage())).encode());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } finally {
      if (vertx != null) {
        try {
          vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
          // leaving is best effort; the process exits next
        }
      }
    }
  }

  private static long remaining(long deadline) {
    return Math.max(1, deadline - System.nanoTime());
  }
}
