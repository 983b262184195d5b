package org.taskercore.worker.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.TcpIpConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.taskercore.worker.config.TaskerConfig;
import java.util.function.Function;

/**
 * A clustered Vert.x on Hazelcast, configured from {@code [cluster]}: TCP-IP join on the listed
 * members, multicast and auto-detection off, Hazelcast and the event bus bound to {@code host}.
 */
public final class ClusterNode {

  private ClusterNode() {
  }

  /**
   * A member of the cluster; {@code client} makes it a lite member that holds no data (CLI, probes).
   *
   * @param builderFor a Vert.x builder for these options (with metrics, or plain)
   */
  public static Future<ClusteredVertx> start(TaskerConfig.Cluster cluster, boolean client,
                                             Function<VertxOptions, VertxBuilder> builderFor) {
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcastConfig(cluster, client));
    VertxOptions options = new VertxOptions()
      .setEventBusOptions(new EventBusOptions().setHost(cluster.host()).setClusterPublicHost(cluster.host()).setPort(0));
    return builderFor.apply(options).withClusterManager(manager).buildClustered()
      .map(vertx -> new ClusteredVertx(vertx, manager));
  }

  static Config hazelcastConfig(TaskerConfig.Cluster cluster, boolean client) {
    Config config = vertxMaps(new Config());
    config.setClusterName(cluster.name());
    config.setLiteMember(client);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.max.wait.seconds.before.join", "1");
    // The cluster's data is small (the event bus's subscriptions and the worker directory): 271
    // partitions (the default) cost each member a steady background of replica checks that, with
    // ten members on two cores, takes most of the CPU. Every member must agree on this number.
    config.setProperty("hazelcast.partition.count", "31");
    // Nodes that start together (scripts/cluster) need longer than 2 s to agree on a master.
    config.setProperty("hazelcast.max.join.seconds", "20");
    // The worker leaves the cluster from its own shutdown hook, after draining.
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(true);
    network.getInterfaces().setEnabled(true).addInterface(cluster.host());
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    TcpIpConfig tcp = join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(1);
    if (cluster.members().isEmpty()) {
      tcp.addMember(cluster.host() + ":" + cluster.port());
    } else {
      cluster.members().forEach(tcp::addMember); // one by one: Hazelcast refuses port ranges here
    }
    return config;
  }

  /**
   * The map settings Vert.x relies on, as vertx-hazelcast's default-cluster.xml gives them. Built
   * here rather than read with {@code ConfigUtil.loadConfig()}: parsing and validating that XML
   * was a fifth of a clustered worker's start-up CPU (JFR), paid by every JVM of a cluster.
   */
  private static Config vertxMaps(Config config) {
    config.addMultiMapConfig(new MultiMapConfig("__vertx.subs").setBackupCount(1)
      .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
    config.addMapConfig(new MapConfig("__vertx.haInfo").setBackupCount(1));
    config.addMapConfig(new MapConfig("__vertx.nodeInfo").setBackupCount(1));
    return config;
  }

  /** A clustered Vert.x and its cluster manager (for node ids and membership). */
  public record ClusteredVertx(Vertx vertx, HazelcastClusterManager manager) {
  }
}
