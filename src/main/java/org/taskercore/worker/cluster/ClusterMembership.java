package org.taskercore.worker.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.UUID;

/**
 * Tells the directory when a member joins, and marks the directory entries of a node that left
 * the cluster, while deployed. A listener of our own beside Vert.x's:
 * {@code clusterManager.nodeListener(...)} would replace the one Vert.x relies on.
 */
public final class ClusterMembership extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterMembership.class);
  /** The member attribute holding the Vert.x node id (not the Hazelcast member UUID). */
  private static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";

  private final HazelcastClusterManager manager;
  private final WorkerDirectory directory;
  private UUID registration;

  public ClusterMembership(HazelcastClusterManager manager, WorkerDirectory directory) {
    this.manager = manager;
    this.directory = directory;
  }

  @Override
  public Future<?> start() {
    registration = manager.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        directory.memberJoined();
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        String nodeId = event.getMember().getAttribute(NODE_ID_ATTRIBUTE);
        if (nodeId != null) {
          LOG.warn("cluster node {} left; marking its workers departed", nodeId);
          context.runOnContext(v -> directory.nodeLeft(nodeId)
            .onFailure(e -> LOG.warn("could not mark node {} departed: {}", nodeId, e.getMessage())));
        }
      }
    });
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    if (manager.isActive()) {
      manager.getHazelcastInstance().getCluster().removeMembershipListener(registration);
    }
    return Future.succeededFuture();
  }

  static Set<String> liveNodes(HazelcastClusterManager manager) {
    return Set.copyOf(manager.getNodes());
  }
}
