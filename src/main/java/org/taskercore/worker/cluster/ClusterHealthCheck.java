package org.taskercore.worker.cluster;

import io.vertx.core.Future;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.taskercore.worker.health.CheckResult;
import org.taskercore.worker.health.HealthCheck;

/** The {@code cluster} check of a clustered worker: its Hazelcast member is active, and how many nodes it sees. */
public final class ClusterHealthCheck {

  private ClusterHealthCheck() {
  }

  public static HealthCheck of(HazelcastClusterManager manager) {
    return HealthCheck.of("cluster", false, () -> {
      if (!manager.isActive()) {
        return Future.succeededFuture(CheckResult.unhealthy("this node is not in the cluster"));
      }
      return Future.succeededFuture(CheckResult.healthy(manager.getNodes().size() + " nodes in cluster '"
        + manager.getConfig().getClusterName() + "'"));
    });
  }
}
