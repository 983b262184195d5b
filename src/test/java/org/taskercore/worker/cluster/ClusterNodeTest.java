package org.taskercore.worker.cluster;

import com.hazelcast.config.Config;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.taskercore.worker.support.TestWorkers;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Hazelcast configuration from [cluster]: member names to every address, healing timings, Kubernetes discovery")
class ClusterNodeTest {

  @Test
  @DisplayName("a member name resolves to every address it has, each with the port")
  void everyAddress() {
    assertThat(ClusterNode.everyAddress("localhost:5701")).contains("127.0.0.1:5701").allMatch(a -> a.endsWith(":5701"));
    assertThat(ClusterNode.everyAddress("198.18.0.12:5702")).containsExactly("198.18.0.12:5702");
  }

  @Test
  @DisplayName("member timeout and merge delays become Hazelcast's properties; DNS mode sets service-dns and drops TCP-IP join")
  void healingAndDiscovery() {
    Config tcp = ClusterNode.hazelcastConfig(TestWorkers.loader().set("cluster.enabled", true)
      .set("cluster.member_timeout_seconds", 7).set("cluster.merge_first_delay_seconds", 3)
      .set("cluster.merge_next_delay_seconds", 4).load().cluster(), false);
    assertThat(tcp.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("7");
    assertThat(tcp.getProperty("hazelcast.merge.first.run.delay.seconds")).isEqualTo("3");
    assertThat(tcp.getProperty("hazelcast.merge.next.run.delay.seconds")).isEqualTo("4");
    assertThat(tcp.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled()).isTrue();

    Config dns = ClusterNode.hazelcastConfig(TestWorkers.loader().set("cluster.enabled", true).set("cluster.host", "198.18.0.11")
      .set("cluster.public_host", "203.0.113.9").set("cluster.kubernetes.enabled", true)
      .set("cluster.kubernetes.service_dns", "tasker-cluster.lab").load().cluster(), false);
    var join = dns.getNetworkConfig().getJoin();
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
    assertThat(join.getKubernetesConfig().getProperty("service-dns")).isEqualTo("tasker-cluster.lab");
    assertThat(join.getKubernetesConfig().getProperty("service-dns-timeout")).isEqualTo("5");
    assertThat(dns.getNetworkConfig().getPublicAddress()).isEqualTo("203.0.113.9");
  }
}
