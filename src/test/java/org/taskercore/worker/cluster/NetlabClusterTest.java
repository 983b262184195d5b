package org.taskercore.worker.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.taskercore.worker.support.Waits;
import org.taskercore.worker.support.Netlab;
import org.taskercore.worker.support.WorkerProcess;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Three workers and a gateway on four simulated hosts (scripts/netlab: network namespaces on
 * 198.18.0.0/24, one bridge), configured only with the documented keys: they form one cluster,
 * a cut-off worker and a 2+2 split are reported as such on every side, and the cluster heals by
 * itself. Then the same hosts find each other through Kubernetes DNS discovery (a lab dnsmasq
 * answering the Service name with every host's address).
 */
@DisplayName("The cluster across simulated hosts: formation, partitions reported on every side, healing, Kubernetes DNS discovery")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetlabClusterTest {

  static final int GATEWAY = 4;
  static final String LOCAL = "http://127.0.0.1:8081";
  static Netlab lab;
  static final Map<Integer, File> LOGS = new HashMap<>();

  @BeforeAll
  static void start() throws IOException {
    assumeTrue(Netlab.possible(), "needs root and iproute2 (CI has both)");
    lab = Netlab.up(4);
    startAll(Map.of("TASKER__CLUSTER__MEMBERS", IntStream.rangeClosed(1, 4)
      .mapToObj(i -> "\"" + Netlab.address(i) + ":5701\"").collect(Collectors.joining(",", "[", "]"))), "tcp");
  }

  @AfterAll
  static void stop() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  @Order(1)
  @DisplayName("3 workers + gateway on 4 hosts form one cluster; each web_address is its host's address")
  void formed() {
    JsonObject workers = lab.get(GATEWAY, LOCAL + "/cluster/workers").json();
    Set<String> addresses = workers.getJsonArray("workers").stream().map(JsonObject.class::cast)
      .map(w -> w.getString("web_address")).collect(Collectors.toCollection(TreeSet::new));
    assertThat(addresses).containsExactly(Netlab.address(1) + ":8081", Netlab.address(2) + ":8081", Netlab.address(3) + ":8081");
    Netlab.Answer health = lab.get(GATEWAY, LOCAL + "/cluster/health");
    assertEquals(200, health.status(), health.body());
    assertEquals(0, health.json().getInteger("missing"));
    // The census reads the directory every 2 s: wait for the reading after the last join.
    Waits.await("w1's scrape counts three visible workers").atMost(Duration.ofSeconds(10))
      .until(() -> lab.get(1, LOCAL + "/metrics").body().contains("tasker_cluster_workers_visible 3.0"));
    assertThat(lab.get(1, LOCAL + "/metrics").body()).contains("tasker_cluster_workers_expected 3.0");
  }

  @Test
  @Order(2)
  @DisplayName("a loopback cluster.host with members on other hosts stops start-up with exit 2 naming both keys")
  void loopbackWithRemoteMembers() throws Exception {
    File log = new File("target/netlab-loopback.log");
    Process refused = WorkerProcess.start(Map.of("TASKER__CLUSTER__ENABLED", "true", "TASKER__CLUSTER__HOST", "127.0.0.1",
      "TASKER__CLUSTER__MEMBERS", "[\"" + Netlab.address(1) + ":5701\"]", "TASKER__WORKER__WEB__ENABLED", "false"), log, "run");
    assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertEquals(2, refused.exitValue(), Files.readString(log.toPath()));
    assertThat(Files.readString(log.toPath())).contains("cluster.host", "cluster.members");
  }

  @Test
  @Order(3)
  @DisplayName("one worker cut off: 503 naming it on the gateway at once and after it is dropped, 503 on its own side; healthy again within 40 s of the heal")
  void oneCutOff() {
    long cut = System.nanoTime();
    lab.partition(3);
    Waits.await("w3 unreachable on the gateway").atMost(Duration.ofSeconds(5))
      .until(() -> unreachable(GATEWAY).contains("w3"));
    System.out.printf("netlab: w3 reported unreachable %d ms after its link went down%n", (System.nanoTime() - cut) / 1_000_000);
    Waits.await("the isolated worker's own /cluster/health 503").atMost(Duration.ofSeconds(15))
      .until(() -> lab.get(3, LOCAL + "/cluster/health").status() == 503);
    // Past the member timeout (10 s) Hazelcast drops it: still 503, now as missing.
    Waits.await("15 s cut off").atMost(Duration.ofSeconds(20))
      .until(() -> System.nanoTime() - cut > TimeUnit.SECONDS.toNanos(15));
    Netlab.Answer dropped = lab.get(GATEWAY, LOCAL + "/cluster/health");
    assertEquals(503, dropped.status(), dropped.body());
    assertThat(dropped.json().getInteger("missing")).isEqualTo(1);
    assertThat(unreachable(GATEWAY)).contains("w3");

    long healed = System.nanoTime();
    lab.heal();
    Waits.await("one cluster of all, healthy, within 40 s of the heal").atMost(Duration.ofSeconds(40))
      .until(() -> lab.get(GATEWAY, LOCAL + "/cluster/health").status() == 200);
    System.out.printf("netlab: healthy %d ms after the heal%n", (System.nanoTime() - healed) / 1_000_000);
    Waits.await("w3 sees all again").atMost(Duration.ofSeconds(20))
      .until(() -> lab.get(3, LOCAL + "/cluster/health").status() == 200);
  }

  @Test
  @Order(4)
  @DisplayName("a 2+2 split for 40 s: 503 on both sides; one cluster of all within 40 s of the heal; no double completion, no blocked thread")
  void splitAndHeal() throws IOException {
    long split = System.nanoTime();
    lab.partition(3, GATEWAY);
    Waits.await("503 on both sides").atMost(Duration.ofSeconds(15))
      .until(() -> lab.get(GATEWAY, LOCAL + "/cluster/health").status() == 503
      && lab.get(1, LOCAL + "/cluster/health").status() == 503);
    Waits.await("40 s split").atMost(Duration.ofSeconds(45))
      .until(() -> System.nanoTime() - split > TimeUnit.SECONDS.toNanos(40));
    assertEquals(503, lab.get(GATEWAY, LOCAL + "/cluster/health").status());
    assertEquals(503, lab.get(1, LOCAL + "/cluster/health").status());

    long healed = System.nanoTime();
    lab.heal();
    Waits.await("one healthy cluster within 40 s").atMost(Duration.ofSeconds(40))
      .until(() -> lab.get(GATEWAY, LOCAL + "/cluster/health").status() == 200
      && lab.get(1, LOCAL + "/cluster/health").status() == 200);
    System.out.printf("netlab: the 2+2 split healed %d ms after the heal%n", (System.nanoTime() - healed) / 1_000_000);
    for (Map.Entry<Integer, File> log : LOGS.entrySet()) {
      String text = Files.readString(log.getValue().toPath());
      assertThat(text).as("host " + log.getKey()).doesNotContain("Promise already completed").doesNotContain("blocked for")
        .doesNotContain("is already taken");
    }
  }

  @Test
  @Order(5)
  @DisplayName("Kubernetes DNS discovery: with only [cluster.kubernetes] service_dns, 3 workers + gateway form one cluster")
  void kubernetesDns() throws IOException {
    lab.stopAll();
    lab.dns("tasker-cluster.lab");
    startAll(Map.of("TASKER__CLUSTER__KUBERNETES__ENABLED", "true",
      "TASKER__CLUSTER__KUBERNETES__SERVICE_DNS", "tasker-cluster.lab"), "dns");
    assertEquals(200, lab.get(GATEWAY, LOCAL + "/cluster/health").status());
  }

  /** Starts w1..w3 on hosts 1..3 and a gateway on host 4, waiting until the gateway sees all three. */
  private static void startAll(Map<String, String> discovery, String run) throws IOException {
    for (int host = 1; host <= 4; host++) {
      Map<String, String> env = new HashMap<>(discovery);
      env.put("TASKER__CLUSTER__ENABLED", "true");
      env.put("TASKER__CLUSTER__HOST", Netlab.address(host));
      env.put("TASKER__CLUSTER__EXPECTED_WORKERS", "3");
      env.put("TASKER__WORKER__WEB__BIND_ADDRESS", "0.0.0.0:8081");
      File log = new File("target/netlab-" + run + "-h" + host + ".log");
      LOGS.put(host, log);
      if (host == GATEWAY) {
        lab.start(host, env, log, "gateway");
      } else {
        env.put("TASKER__WORKER__WORKER_ID", "w" + host);
        lab.start(host, env, log, "run");
      }
    }
    Waits.await("the gateway sees three workers (see target/netlab-" + run + "-h*.log)").atMost(Duration.ofSeconds(120))
      .until(() -> {
      JsonObject workers = lab.get(GATEWAY, LOCAL + "/cluster/workers").json();
      return workers != null && workers.getInteger("count", 0) == 3;
    });
  }

  private static Set<String> unreachable(int host) {
    JsonObject health = lab.get(host, LOCAL + "/cluster/health").json();
    if (health == null) {
      return Set.of();
    }
    JsonArray workers = health.getJsonArray("workers");
    return workers.stream().map(JsonObject.class::cast).filter(w -> !w.getBoolean("reachable"))
      .map(w -> w.getString("worker_id")).collect(Collectors.toSet());
  }
}
