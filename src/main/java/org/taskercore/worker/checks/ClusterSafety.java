package org.taskercore.worker.checks;

import com.hazelcast.partition.PartitionService;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.Status;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@code cluster} check: is the cluster safe (every partition backed up), in our words.
 * Unsafe is degraded, not unhealthy: it is what a cluster looks like for a few seconds after a
 * member joins or leaves.
 *
 * <p>Hazelcast's {@code isClusterSafe()} blocks while it asks every member, and during a partition
 * it waits for members that will not answer for up to a minute. So it is asked on a thread of its
 * own (never a Vert.x worker thread), one question at a time, and the check waits for it at most
 * {@code check_timeout_ms}: past that, the check says so and the question goes on in the
 * background, answering a later check. vertx-hazelcast's own procedure completes its promise
 * again after the check's timeout has, and holds a worker thread the whole time.
 */
public final class ClusterSafety {

  /**
   * Hazelcast answers "is the cluster safe" by asking every member about every partition: run
   * each time the checks refresh (every second), it kept ten members on two cores busy. It is
   * asked at most this often; between times the last answer stands, with the node count fresh.
   */
  static final long ASK_HAZELCAST_EVERY_MS = 10_000;

  /** Threads that may wait on Hazelcast; one per worker at most (one question at a time), gone when idle. */
  private static final ExecutorService ASKING = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "tasker-cluster-safety");
    thread.setDaemon(true);
    return thread;
  });

  private ClusterSafety() {
  }

  public static Handler<Promise<Status>> procedure(HazelcastClusterManager manager, String clusterName, long checkTimeoutMs) {
    AtomicLong askedAt = new AtomicLong(Long.MIN_VALUE / 2);
    AtomicBoolean wasSafe = new AtomicBoolean(true);
    AtomicReference<CompletableFuture<Boolean>> asking = new AtomicReference<>(CompletableFuture.completedFuture(true));
    return promise -> {
      long now = System.nanoTime();
      long last = askedAt.get();
      CompletableFuture<Boolean> question = asking.get();
      if (question.isDone() && now - last >= TimeUnit.MILLISECONDS.toNanos(ASK_HAZELCAST_EVERY_MS)
        && askedAt.compareAndSet(last, now)) {
        PartitionService partitions = manager.getHazelcastInstance().getPartitionService();
        question = CompletableFuture.supplyAsync(partitions::isClusterSafe, ASKING);
        question.thenAccept(wasSafe::set);
        asking.set(question);
      }
      Future<Boolean> isSafe = question.isDone() ? Future.succeededFuture(wasSafe.get())
        : (Vertx.currentContext() == null ? Future.fromCompletionStage(question)
        : Future.fromCompletionStage(question, Vertx.currentContext())).timeout(checkTimeoutMs, TimeUnit.MILLISECONDS);
      isSafe.map(ok -> ok
          ? CheckVerdicts.healthy(manager.getNodes().size() + " nodes in cluster '" + clusterName + "'")
          : CheckVerdicts.degraded("Hazelcast says the cluster is not safe (partitions migrating or backups missing)"))
        .otherwise(e -> CheckVerdicts.degraded("Hazelcast did not say within " + checkTimeoutMs
          + " ms whether the cluster is safe: a member may be unreachable"))
        .onComplete(ar -> promise.tryComplete(ar.result()));
    };
  }
}
