package org.taskercore.worker.clients;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.config.ConfigLoader;
import org.taskercore.worker.config.TaskerConfig;
import org.taskercore.worker.support.TestSockets;
import org.taskercore.worker.support.Waits;
import org.taskercore.worker.support.TestCluster;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manifests in {@code deploy/kubernetes/}: each Deployment's configuration is loaded as the
 * worker loads it (unknown keys fail), its ports agree with that configuration, and a worker
 * started from it in the Deployment's mode answers every probe, exec probes included, and the
 * Prometheus scrape path its annotations name. Only what cannot run here, or would only slow the
 * test, is changed: addresses become free loopback ports, the cluster a loopback one, and the
 * drain delay zero.
 */
@DisplayName("deploy/kubernetes: every probe, port and path the manifests name exists in the worker")
class KubernetesExamplesTest {

  static final Path MANIFESTS = Path.of("deploy", "kubernetes");
  static final String API_KEY = "k8s-example-key-0123456789";
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"worker-full.yaml", "worker-headless.yaml", "gateway.yaml"})
  void manifest(String file) throws Exception {
    List<Map<String, Object>> documents = new ArrayList<>();
    new Yaml().loadAll(Files.readString(MANIFESTS.resolve(file))).forEach(d -> documents.add(map(d)));
    List<Map<String, Object>> deployments = ofKind(documents, "Deployment");
    assertThat(deployments).as("a Deployment in %s", file).hasSize(1);
    Map<String, Object> pod = map(map(deployments.get(0).get("spec")).get("template"));
    Map<String, Object> container = list(map(pod.get("spec")).get("containers")).get(0);
    List<String> args = strings(container.get("args"));
    assertThat(args.get(0)).isIn("run", "gateway");

    Path toml = configFile(documents, pod, args);
    ConfigLoader loader = new ConfigLoader().environment("production")
      .env(Map.of("POD_IP", "198.18.0.11", "TASKER_API_KEY", API_KEY)).overrideFile(toml); // a pod's address: not loopback
    TaskerConfig declared = loader.load();
    Map<String, Integer> ports = containerPorts(container);
    if (declared.worker().web().enabled()) {
      assertThat(ports.get("http")).as("the http port is worker.web.bind_address's").isEqualTo(declared.worker().web().port());
    }
    if (declared.cluster().enabled()) {
      assertThat(ports.get("hazelcast")).as("the hazelcast port is cluster.port").isEqualTo(declared.cluster().port());
      assertThat(ports.get("eventbus")).as("the eventbus port is cluster.bus_port").isEqualTo(declared.cluster().busPort());
      assertThat(declared.cluster().kubernetes().enabled()).as("Kubernetes discovery, not a member list").isTrue();
    }
    for (Map<String, Object> service : ofKind(documents, "Service")) {
      for (Map<String, Object> port : list(map(service.get("spec")).get("ports"))) {
        assertThat(ports).as("%s's targetPort", name(service)).containsKey(String.valueOf(port.get("targetPort")));
      }
    }

    TestCluster cluster = new TestCluster();
    int bridgePort = TestSockets.freePort();
    loader.set("worker.worker_id", "k8s-" + args.get(0)).set("worker.web.bind_address", "127.0.0.1:0")
      .set("worker.bridge.bind_address", "127.0.0.1:" + bridgePort).set("worker.health.drain_delay_ms", 0);
    if (declared.cluster().enabled()) {
      // Here the cluster is this machine's loopback: members listed, any free event-bus port.
      cluster.configure(loader);
      loader.set("cluster.kubernetes.enabled", false).set("cluster.bus_port", 0);
    }
    boolean gateway = args.get(0).equals("gateway");
    // A gateway fronts workers: as many as it expects stand behind it (at least one), so that it is
    // ready and its scrape has something to show.
    for (int i = 0; gateway && i < Math.max(1, declared.cluster().expectedWorkers()); i++) {
      cluster.starting("k8s-behind-" + i, c -> { }).await(60, TimeUnit.SECONDS);
    }
    TaskerWorker worker = (gateway ? TaskerWorker.gateway() : TaskerWorker.builder()).configLoader(loader).withSamples()
      .startAndWait(Duration.ofSeconds(60));
    try {
      for (String kind : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
        Map<String, Object> probe = map(container.get(kind));
        if (probe.isEmpty()) {
          continue;
        }
        if (probe.containsKey("httpGet")) {
          Map<String, Object> get = map(probe.get("httpGet"));
          assertThat(ports).as("%s port", kind).containsKey(String.valueOf(get.get("port")));
          // The kubelet probes until a threshold, not once: a gateway is ready once the workers it
          // expects are in its copy of the directory, a moment after it joins. Well inside the 30 s
          // Hazelcast's anti-entropy would take to repair a missed write, which would hide the bug.
          Waits.await(kind + " " + get.get("path") + " answering 200").atMost(Duration.ofSeconds(20))
            .until(() -> status(worker, (String) get.get("path")) == 200);
        } else if (probe.containsKey("tcpSocket")) {
          assertThat(String.valueOf(map(probe.get("tcpSocket")).get("port"))).as("%s port", kind).isEqualTo("http");
          new java.net.Socket("127.0.0.1", worker.httpPort()).close();
        } else {
          List<String> command = strings(map(probe.get("exec")).get("command"));
          assertThat(command.get(0)).isEqualTo("tasker-probe");
          int at = command.indexOf("--bridge");
          assertThat(command.get(at + 1)).as("%s bridge", kind)
            .isEqualTo(declared.worker().bridge().host() + ":" + declared.worker().bridge().port());
          List<String> here = new ArrayList<>(command);
          here.set(at + 1, "127.0.0.1:" + bridgePort);
          assertThat(execProbe(here)).as("%s %s", kind, command).isZero();
        }
      }
      Map<String, Object> annotations = map(map(pod.get("metadata")).get("annotations"));
      if ("true".equals(annotations.get("prometheus.io/scrape"))) {
        assertThat(Integer.parseInt((String) annotations.get("prometheus.io/port"))).isEqualTo(ports.get("http"));
        String path = (String) annotations.get("prometheus.io/path");
        Waits.await("a scrape of " + path + " with series").atMost(Duration.ofSeconds(30))
          .until(() -> scrapes(worker, path));
      }
    } finally {
      worker.stopAndWait(Duration.ofSeconds(30));
      cluster.stopAll().await(30, TimeUnit.SECONDS);
    }
  }

  /** The file {@code --conf} names, from the ConfigMap mounted at its directory. */
  private static Path configFile(List<Map<String, Object>> documents, Map<String, Object> pod, List<String> args)
      throws IOException {
    Path conf = Path.of(args.get(args.indexOf("--conf") + 1));
    Map<String, Object> container = list(map(pod.get("spec")).get("containers")).get(0);
    Map<String, Object> mount = list(container.get("volumeMounts")).stream()
      .filter(m -> Path.of((String) m.get("mountPath")).equals(conf.getParent())).findFirst()
      .orElseThrow(() -> new AssertionError("nothing mounted at " + conf.getParent()));
    Map<String, Object> volume = list(map(pod.get("spec")).get("volumes")).stream()
      .filter(v -> v.get("name").equals(mount.get("name"))).findFirst().orElseThrow();
    String configMap = (String) map(volume.get("configMap")).get("name");
    Map<String, Object> data = ofKind(documents, "ConfigMap").stream().filter(c -> name(c).equals(configMap))
      .map(c -> map(c.get("data"))).findFirst().orElseThrow(() -> new AssertionError("no ConfigMap " + configMap));
    assertThat(data).containsKey(conf.getFileName().toString());
    Path file = Files.createTempFile("k8s-", ".toml");
    file.toFile().deleteOnExit();
    return Files.writeString(file, (String) data.get(conf.getFileName().toString()));
  }

  private static boolean scrapes(TaskerWorker worker, String path) {
    try {
      HttpResponse<String> scrape = get(worker, path);
      assertThat(scrape.statusCode()).as("GET %s", path).isEqualTo(200);
      return scrape.body().contains("# TYPE ");
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static int status(TaskerWorker worker, String path) throws Exception {
    return get(worker, path).statusCode();
  }

  private static HttpResponse<String> get(TaskerWorker worker, String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + worker.httpPort() + path))
      .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** {@code tasker-probe …} as the image runs it, from the client's sources. */
  private static int execProbe(List<String> command) throws Exception {
    List<String> run = new ArrayList<>(List.of("python3", "-m", "tasker_worker_client.probe"));
    run.addAll(command.subList(1, command.size()));
    ProcessBuilder builder = new ProcessBuilder(run).directory(Path.of("clients", "python").toFile()).redirectErrorStream(true);
    builder.environment().put("PYTHONPATH", ".");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(output).as("tasker-probe printed").isNotBlank();
    return process.exitValue();
  }

  private static Map<String, Integer> containerPorts(Map<String, Object> container) {
    Map<String, Integer> ports = new java.util.HashMap<>();
    list(container.get("ports")).forEach(p -> ports.put((String) p.get("name"), (Integer) p.get("containerPort")));
    return ports;
  }

  private static List<Map<String, Object>> ofKind(List<Map<String, Object>> documents, String kind) {
    return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
  }

  private static String name(Map<String, Object> document) {
    return (String) map(document.get("metadata")).get("name");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value == null ? Map.of() : (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object value) {
    return value == null ? List.of() : (List<Map<String, Object>>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object value) {
    return (List<String>) value;
  }

}
