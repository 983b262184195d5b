package org.taskercore.worker.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.KubernetesConfig;
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
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A clustered Vert.x on Hazelcast, configured from {@code [cluster]}: TCP-IP join on the listed
 * members (every address each name has) or Hazelcast's Kubernetes discovery, multicast and
 * auto-detection off, Hazelcast and the event bus bound to {@code host} and announced as
 * {@code public_host}, the healing timings Hazelcast's properties take.
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
    VertxOptions options = new VertxOptions().setEventBusOptions(new EventBusOptions().setHost(cluster.host())
      .setClusterPublicHost(cluster.publicHost()).setPort(cluster.busPort()));
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
    // Healing: a silent member is dropped, and split clusters look for each other, on our clock.
    config.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(cluster.memberTimeoutSeconds()));
    config.setProperty("hazelcast.merge.first.run.delay.seconds", Integer.toString(cluster.mergeFirstDelaySeconds()));
    config.setProperty("hazelcast.merge.next.run.delay.seconds", Integer.toString(cluster.mergeNextDelaySeconds()));
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(true);
    network.getInterfaces().setEnabled(true).addInterface(cluster.host());
    if (!cluster.publicHost().equals(cluster.host())) {
      network.setPublicAddress(cluster.publicHost());
    }
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    TaskerConfig.Kubernetes kubernetes = cluster.kubernetes();
    if (kubernetes.enabled()) {
      KubernetesConfig discovery = join.getKubernetesConfig().setEnabled(true)
        .setProperty("service-port", Integer.toString(cluster.port()));
      if (!kubernetes.serviceDns().isBlank()) {
        discovery.setProperty("service-dns", kubernetes.serviceDns())
          .setProperty("service-dns-timeout", Integer.toString(kubernetes.serviceDnsTimeoutSeconds()));
      }
      setIfGiven(discovery, "namespace", kubernetes.namespace());
      setIfGiven(discovery, "service-name", kubernetes.serviceName());
      setIfGiven(discovery, "service-label-name", kubernetes.serviceLabelName());
      setIfGiven(discovery, "service-label-value", kubernetes.serviceLabelValue());
      return config;
    }
    TcpIpConfig tcp = join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(1);
    if (cluster.members().isEmpty()) {
      tcp.addMember(cluster.host() + ":" + cluster.port());
    } else {
      cluster.members().forEach(member -> everyAddress(member).forEach(tcp::addMember)); // one by one: no port ranges
    }
    return config;
  }

  private static void setIfGiven(KubernetesConfig discovery, String property, String value) {
    if (!value.isBlank()) {
      discovery.setProperty(property, value);
    }
  }

  /**
   * Every address a member's host name has, each with its port: Hazelcast resolves a name to one
   * address, so a name that stands for several machines (a DNS round robin, a headless Service)
   * would otherwise join only one of them.
   */
  static List<String> everyAddress(String member) {
    int colon = member.lastIndexOf(':');
    String host = member.substring(0, colon);
    String port = member.substring(colon + 1);
    try {
      List<String> addresses = new ArrayList<>();
      for (InetAddress address : InetAddress.getAllByName(host)) {
        String ip = address.getHostAddress();
        addresses.add((address instanceof Inet6Address ? "[" + ip + "]" : ip) + ":" + port);
      }
      return addresses;
    } catch (UnknownHostException notYet) {
      return List.of(member); // not resolvable now: Hazelcast tries the name itself as it retries the join
    }
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
