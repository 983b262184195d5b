package org.taskercore.worker.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.UUID;

/**
 * Marks the directory entries of a node that left the cluster. A listener of our own beside
 * Vert.x's: {@code clusterManager.nodeListener(...)} would replace the one Vert.x relies on.
 */
public final class ClusterMembership {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterMembership.class);
  /** The member attribute holding the Vert.x node id (not the Hazelcast member UUID). */
  private static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";

  private ClusterMembership() {
  }

  /** @return a handle that stops listening */
  public static Runnable watch(Vertx vertx, HazelcastClusterManager manager, WorkerDirectory directory) {
    var cluster = manager.getHazelcastInstance().getCluster();
    UUID registration = cluster.addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        String nodeId = event.getMember().getAttribute(NODE_ID_ATTRIBUTE);
        if (nodeId != null) {
          LOG.warn("cluster node {} left; marking its workers departed", nodeId);
          vertx.runOnContext(v -> directory.markDeparted(nodeId)
            .onFailure(e -> LOG.warn("could not mark node {} departed: {}", nodeId, e.getMessage())));
        }
      }
    });
    return () -> {
      if (manager.isActive()) {
        cluster.removeMembershipListener(registration);
      }
    };
  }

  public static Set<String> liveNodes(HazelcastClusterManager manager) {
    return Set.copyOf(manager.getNodes());
  }
}
