package org.taskercore.worker.checks;

import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.Status;
import io.vertx.spi.cluster.hazelcast.ClusterHealthCheck;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * The {@code cluster} check: vertx-hazelcast's own procedure (is the cluster safe, every partition
 * backed up), worded for our answers. Unsafe is degraded, not unhealthy: it is what a cluster
 * looks like for a few seconds after a member joins or leaves.
 */
public final class ClusterSafety {

  private ClusterSafety() {
  }

  public static Handler<Promise<Status>> procedure(Vertx vertx, HazelcastClusterManager manager, String clusterName) {
    Handler<Promise<Status>> safe = ClusterHealthCheck.createProcedure(vertx);
    return promise -> {
      Promise<Status> answer = Promise.promise();
      safe.handle(answer);
      answer.future().map(status -> status.isOk()
          ? CheckVerdicts.healthy(manager.getNodes().size() + " nodes in cluster '" + clusterName + "'")
          : CheckVerdicts.degraded("Hazelcast says the cluster is not safe (partitions migrating or backups missing)"))
        .onComplete(promise);
    };
  }
}
