package org.taskercore.worker.checks;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.Status;
import io.vertx.spi.cluster.hazelcast.ClusterHealthCheck;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code cluster} check: vertx-hazelcast's own procedure (is the cluster safe, every partition
 * backed up), worded for our answers. Unsafe is degraded, not unhealthy: it is what a cluster
 * looks like for a few seconds after a member joins or leaves.
 */
public final class ClusterSafety {

  private ClusterSafety() {
  }

  /**
   * Hazelcast answers "is the cluster safe" by asking every member about every partition: run
   * each time the checks refresh (every second), it kept ten members on two cores busy. It is
   * asked at most this often; between times the last answer stands, with the node count fresh.
   */
  static final long ASK_HAZELCAST_EVERY_MS = 10_000;

  public static Handler<Promise<Status>> procedure(Vertx vertx, HazelcastClusterManager manager, String clusterName) {
    Handler<Promise<Status>> safe = ClusterHealthCheck.createProcedure(vertx);
    AtomicLong askedAt = new AtomicLong(Long.MIN_VALUE / 2);
    AtomicBoolean wasSafe = new AtomicBoolean(true);
    return promise -> {
      long now = System.nanoTime();
      long last = askedAt.get();
      Future<Boolean> isSafe;
      if (now - last >= TimeUnit.MILLISECONDS.toNanos(ASK_HAZELCAST_EVERY_MS) && askedAt.compareAndSet(last, now)) {
        Promise<Status> answer = Promise.promise();
        safe.handle(answer);
        isSafe = answer.future().map(status -> {
          wasSafe.set(status.isOk());
          return status.isOk();
        });
      } else {
        isSafe = Future.succeededFuture(wasSafe.get());
      }
      isSafe.map(ok -> ok
          ? CheckVerdicts.healthy(manager.getNodes().size() + " nodes in cluster '" + clusterName + "'")
          : CheckVerdicts.degraded("Hazelcast says the cluster is not safe (partitions migrating or backups missing)"))
        .onComplete(promise);
    };
  }
}
