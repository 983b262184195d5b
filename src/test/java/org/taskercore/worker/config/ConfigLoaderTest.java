package org.taskercore.worker.config;

import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Layered TOML configuration")
class ConfigLoaderTest {

  @TempDir
  Path conf;

  @BeforeEach
  void files() throws IOException {
    write("base/worker.toml", """
      [common.database]
      url = "${DATABASE_URL:-}"
      [worker]
      worker_id = "${TASKER_WORKER_ID:-}"
      namespaces = []
      [worker.web]
      enabled = true
      bind_address = "0.0.0.0:8081"
      request_timeout_ms = 30000
      [worker.steps]
      max_concurrency = 16
      queue_capacity = 1000
      """);
    write("environments/development/worker.toml", """
      [worker.steps]
      max_concurrency = 4
      """);
    write("environments/production/worker.toml", """
      [worker.web]
      bind_address = "0.0.0.0:9000"
      """);
  }

  @Test
  @DisplayName("each default is stated once, in the bundled conf/base/worker.toml: files that set nothing bind to what it says")
  void defaultsComeOnlyFromTheBundledBase() throws IOException {
    write("base/worker.toml", "");
    write("environments/development/worker.toml", "");
    write("shipped/base/worker.toml", Files.readString(Path.of("conf/base/worker.toml")));
    write("shipped/environments/development/worker.toml", "");
    TaskerConfig fromNothing = loader(Map.of()).load();
    TaskerConfig fromShippedFile = new ConfigLoader().confDir(conf.resolve("shipped")).env(Map.of()).load();
    assertEquals(fromShippedFile.worker(), fromNothing.worker());
    assertEquals(fromShippedFile.cluster(), fromNothing.cluster());
    assertEquals(fromShippedFile.metrics(), fromNothing.metrics());
    assertEquals(fromShippedFile.common(), fromNothing.common());
    assertEquals(fromShippedFile.tree(), fromNothing.tree(), "the bundled copy is the file in conf/base");
  }

  @Test
  @DisplayName("base, then environment file, then TASKER__ variables, then --conf, then values in code")
  void layersApplyInOrder() throws IOException {
    Path extra = write("extra.toml", "[worker.steps]\nqueue_capacity = 7\n");
    TaskerConfig config = loader(Map.of("TASKER__WORKER__WEB__ENABLED", "false",
        "TASKER__WORKER__STEPS__QUEUE_CAPACITY", "50",
        "TASKER__WORKER__NAMESPACES", "[\"payments\", \"inventory\"]",
        "TASKER__WORKER__WORKER_ID", "worker-from-env"))
      .overrideFile(extra)
      .set("worker.steps.max_concurrency", 3)
      .load();

    assertEquals("development", config.environment());
    assertFalse(config.worker().web().enabled(), "TASKER__WORKER__WEB__ENABLED=false read as a boolean");
    assertEquals(List.of("payments", "inventory"), config.worker().namespaces(), "an array value parses as TOML");
    assertEquals("worker-from-env", config.worker().workerId(), "a non-TOML value is taken as a string");
    assertEquals(7, config.worker().steps().queueCapacity(), "--conf wins over the environment variable");
    assertEquals(3, config.worker().steps().maxConcurrency(), "values in code win over everything");
    assertThat(config.layers()).containsExactly(conf.resolve("base/worker.toml").toString(),
      conf.resolve("environments/development/worker.toml").toString(), "environment variables (4)",
      extra.toString(), "values set in code");
  }

  @Test
  @DisplayName("TASKER_ENV chooses the environment file")
  void environmentChosenByVariable() {
    TaskerConfig config = loader(Map.of("TASKER_ENV", "production")).load();
    assertEquals("production", config.environment());
    assertEquals(9000, config.worker().web().port());
    assertEquals(16, config.worker().steps().maxConcurrency());
  }

  @Test
  @DisplayName("${VAR} and ${VAR:-default} are expanded; an empty worker id is generated once per process")
  void interpolation() throws IOException {
    write("environments/development/worker.toml", """
      [common.database]
      url = "postgres://${DB_HOST:-localhost}:${DB_PORT}/tasker"
      """);
    TaskerConfig config = loader(Map.of("DB_PORT", "5433")).load();
    assertEquals("postgres://localhost:5433/tasker", config.common().databaseUrl());
    assertTrue(config.worker().workerId().matches("worker-[0-9a-f]{8}"), config.worker().workerId());
    assertEquals(config.worker().workerId(), loader(Map.of("DB_PORT", "1")).load().worker().workerId());
  }

  @Test
  @DisplayName("an unset ${VAR} without default names the variable, the file and the key")
  void unsetVariable() throws IOException {
    write("environments/development/worker.toml", "[common.database]\nurl = \"${NOT_SET_ANYWHERE}\"\n");
    ConfigException e = assertThrows(ConfigException.class, () -> loader(Map.of()).load());
    assertThat(e.getMessage()).contains("environments/development/worker.toml", "common.database.url", "NOT_SET_ANYWHERE");
  }

  @Test
  @DisplayName("a malformed file names the file and the line")
  void malformedFile() throws IOException {
    write("environments/development/worker.toml", "[worker.steps]\nmax_concurrency = 4\nthis is not toml\n");
    ConfigException e = assertThrows(ConfigException.class, () -> loader(Map.of()).load());
    assertThat(e.getMessage()).contains("environments/development/worker.toml", "line 3", "malformed TOML");
  }

  @Test
  @DisplayName("a malformed line names its key too; a wrong type names the file, the line and the key")
  void everyErrorNamesFileLineAndKey() throws IOException {
    write("environments/development/worker.toml", "[worker.steps]\nmax_concurrency = 4\nqueue_capacity = [1,,2]\n");
    ConfigException parse = assertThrows(ConfigException.class, () -> loader(Map.of()).load());
    assertThat(parse.getMessage()).contains("environments/development/worker.toml", "line 3", "worker.steps.queue_capacity");

    write("environments/development/worker.toml", "[worker]\n\n[worker.steps]\nmax_concurrency = \"many\"\n");
    ConfigException type = assertThrows(ConfigException.class, () -> loader(Map.of()).load());
    assertThat(type.getMessage()).contains("environments/development/worker.toml line 4", "worker.steps.max_concurrency",
      "a whole number");
  }

  @Test
  @DisplayName("an unknown key under a known section stops start-up, naming it, where it was set and the key meant")
  void unknownKeys() throws IOException {
    write("environments/development/worker.toml", "[worker.helth]\ncheck_timeout_ms = 5\n");
    ConfigException table = assertThrows(ConfigException.class, () -> loader(Map.of()).load());
    assertThat(table.getMessage()).contains("environments/development/worker.toml line 2", "key 'worker.helth'",
      "unknown key under [worker]", "did you mean 'worker.health'?");

    write("environments/development/worker.toml", "[worker.steps]\nmax_concurency = 4\n");
    ConfigException leaf = assertThrows(ConfigException.class, () -> loader(Map.of()).load());
    assertThat(leaf.getMessage()).contains("key 'worker.steps.max_concurency'", "did you mean 'worker.steps.max_concurrency'?");

    write("environments/development/worker.toml", "");
    ConfigException variable = assertThrows(ConfigException.class, () -> loader(Map.of("TASKER__CLUSTER__PROT", "5")).load());
    assertThat(variable.getMessage()).contains("environment variable TASKER__CLUSTER__PROT", "did you mean 'cluster.port'?");

    write("environments/development/worker.toml", "[common.vault]\ntoken = \"x\"\n[host_app]\nanything = 1\n");
    loader(Map.of()).load(); // common (beyond common.database) and sections the worker has none of are free-form
  }

  @Test
  @DisplayName("an error about a secret-named key never echoes its value; a URL in an error loses its secrets")
  void errorsNeverEchoSecrets() throws IOException {
    write("environments/development/worker.toml", "[worker.web.auth]\napi_keys = \"canary-wrong-type-key\"\n");
    ConfigException secret = assertThrows(ConfigException.class, () -> loader(Map.of()).load());
    assertThat(secret.getMessage()).contains("worker.web.auth.api_keys", "expected an array of strings",
      "a string (not shown: the key is secret)").doesNotContain("canary");

    write("environments/development/worker.toml", "[worker]\nnamespaces = \"postgres://svc:canary@127.0.0.1/db\"\n");
    ConfigException url = assertThrows(ConfigException.class, () -> loader(Map.of()).load());
    assertThat(url.getMessage()).contains("postgres://***@127.0.0.1/db").doesNotContain("canary");
  }

  @Test
  @DisplayName("without auth the TCP bridge binds only to loopback, unless allow_unauthenticated_remote says otherwise")
  void bridgeBindRefusal() throws IOException {
    write("environments/development/worker.toml", "[worker.bridge]\nenabled = true\nbind_address = \"0.0.0.0:7000\"\n");
    ConfigException refused = assertThrows(ConfigException.class, () -> loader(Map.of()).load());
    assertThat(refused.getMessage()).contains("worker.bridge.bind_address", "loopback", "allow_unauthenticated_remote");
    assertEquals(1, refused.getMessage().lines().count());

    write("environments/development/worker.toml", "[worker.bridge]\nenabled = true\nbind_address = \"0.0.0.0:7000\"\n"
      + "allow_unauthenticated_remote = true\n");
    assertThat(loader(Map.of()).load().worker().bridge().allowUnauthenticatedRemote()).isTrue();

    write("environments/development/worker.toml", "[worker.bridge]\nenabled = true\nbind_address = \"0.0.0.0:7000\"\n"
      + "[worker.web.auth]\nenabled = true\napi_keys = [\"a-key-of-sixteen-chars\"]\n");
    assertThat(loader(Map.of()).load().worker().bridge().host()).isEqualTo("0.0.0.0");
  }

  @Test
  @DisplayName("loopback is decided on resolved addresses: 127.example.com is not loopback, localhost and [::1] are")
  void loopbackByAddress() throws IOException {
    for (String host : new String[] {"127.example.com", "127.0.0.1.nip.example"}) {
      write("environments/development/worker.toml", "[worker.bridge]\nenabled = true\nbind_address = \"" + host + ":7000\"\n");
      ConfigException refused = assertThrows(ConfigException.class, () -> loader(Map.of()).load(), host);
      assertThat(refused.getMessage()).contains("worker.bridge.bind_address", host);
    }
    for (String host : new String[] {"localhost", "[::1]", "127.1.2.3"}) {
      write("environments/development/worker.toml", "[worker.bridge]\nenabled = true\nbind_address = \"" + host + ":7000\"\n");
      assertThat(loader(Map.of()).load().worker().bridge().enabled()).as(host).isTrue();
    }
  }

  @Test
  @DisplayName("without auth the SockJS bridge needs a loopback web server too, unless allow_unauthenticated_remote says otherwise")
  void sockJsBindRefusal() throws IOException {
    write("environments/development/worker.toml", "[worker.web]\nbind_address = \"0.0.0.0:8081\"\nsockjs_bridge = true\n");
    ConfigException refused = assertThrows(ConfigException.class, () -> loader(Map.of()).load());
    assertThat(refused.getMessage()).contains("worker.web.sockjs_bridge", "0.0.0.0", "allow_unauthenticated_remote");

    write("environments/development/worker.toml", "[worker.web]\nbind_address = \"127.example.com:8081\"\nsockjs_bridge = true\n");
    assertThrows(ConfigException.class, () -> loader(Map.of()).load());

    write("environments/development/worker.toml", "[worker.web]\nbind_address = \"0.0.0.0:8081\"\nsockjs_bridge = true\n"
      + "[worker.bridge]\nallow_unauthenticated_remote = true\n");
    assertThat(loader(Map.of()).load().worker().web().sockjsBridge()).isTrue();

    write("environments/development/worker.toml", "[worker.web]\nbind_address = \"localhost:8081\"\nsockjs_bridge = true\n");
    assertThat(loader(Map.of()).load().worker().web().sockjsBridge()).isTrue();
  }

  @Test
  @DisplayName("cluster: members and Kubernetes discovery together, or a loopback host with remote members, are refused naming the keys")
  void clusterDiscoveryRefusals() throws IOException {
    write("environments/development/worker.toml", "[cluster]\nenabled = true\nhost = \"198.18.0.11\"\n"
      + "members = [\"198.18.0.12:5701\"]\n[cluster.kubernetes]\nenabled = true\nservice_dns = \"tasker\"\n");
    assertThat(assertThrows(ConfigException.class, () -> loader(Map.of()).load()).getMessage())
      .contains("cluster.members", "cluster.kubernetes.enabled");

    write("environments/development/worker.toml", "[cluster]\nenabled = true\nhost = \"198.18.0.11\"\n"
      + "public_host = \"127.0.0.1\"\nmembers = [\"198.18.0.12:5701\"]\n");
    assertThat(assertThrows(ConfigException.class, () -> loader(Map.of()).load()).getMessage())
      .contains("cluster.public_host", "cluster.members", "198.18.0.12:5701");

    write("environments/development/worker.toml", "[cluster]\nenabled = true\nhost = \"127.0.0.1\"\n"
      + "[cluster.kubernetes]\nenabled = true\nservice_dns = \"tasker\"\n");
    assertThat(assertThrows(ConfigException.class, () -> loader(Map.of()).load()).getMessage())
      .contains("cluster.host", "cluster.kubernetes.enabled");

    write("environments/development/worker.toml", "[cluster]\nenabled = true\nhost = \"127.0.0.1\"\n"
      + "members = [\"127.0.0.1:5701\", \"localhost:5702\"]\n");
    TaskerConfig.Cluster local = loader(Map.of()).load().cluster();
    assertThat(local.publicHost()).isEqualTo("127.0.0.1");
    assertThat(local.memberTimeoutSeconds()).isEqualTo(10);
  }

  @Test
  @DisplayName("an unknown environment lists the known ones")
  void unknownEnvironment() {
    ConfigException e = assertThrows(ConfigException.class, () -> loader(Map.of("TASKER_ENV", "staging")).load());
    assertThat(e.getMessage()).contains("unknown environment 'staging'", "development, production");
  }

  @Test
  @DisplayName("a hostile environment name is refused, not used as a path")
  void hostileEnvironment() {
    ConfigException e = assertThrows(ConfigException.class, () -> loader(Map.of("TASKER_ENV", "../base")).load());
    assertThat(e.getMessage()).contains("unknown environment '../base'");
  }

  @Test
  @DisplayName("a wrong-typed value names the layer that set it and the key")
  void wrongType() throws IOException {
    write("environments/development/worker.toml", "[worker.steps]\nmax_concurrency = \"lots\"\n");
    ConfigException e = assertThrows(ConfigException.class, () -> loader(Map.of()).load());
    assertThat(e.getMessage()).contains("environments/development/worker.toml", "worker.steps.max_concurrency",
      "expected a whole number", "\"lots\"");

    ConfigException fromEnv = assertThrows(ConfigException.class,
      () -> loader(Map.of("TASKER__WORKER__WEB__ENABLED", "yes")).load());
    assertThat(fromEnv.getMessage()).contains("environment variable TASKER__WORKER__WEB__ENABLED",
      "worker.web.enabled", "expected a boolean");
  }

  @Test
  @DisplayName("out-of-range numbers and bad addresses are refused with the key")
  void ranges() {
    ConfigException e = assertThrows(ConfigException.class,
      () -> loader(Map.of("TASKER__WORKER__STEPS__MAX_CONCURRENCY", "0")).load());
    assertThat(e.getMessage()).contains("worker.steps.max_concurrency", "between 1 and");
    ConfigException addr = assertThrows(ConfigException.class,
      () -> loader(Map.of("TASKER__WORKER__WEB__BIND_ADDRESS", "nowhere")).load());
    assertThat(addr.getMessage()).contains("worker.web.bind_address", "host:port");
  }

  @Test
  @DisplayName("the shipped conf/ loads in every shipped environment")
  void shippedConfiguration() {
    for (String env : List.of("development", "test", "production")) {
      TaskerConfig config = new ConfigLoader().env(Map.of()).environment(env).load();
      assertEquals(env, config.environment());
      assertEquals(new JsonArray().add("conf/templates/**/*.yaml"),
        new JsonArray(config.worker().templates().searchPaths()));
    }
  }

  private ConfigLoader loader(Map<String, String> env) {
    return new ConfigLoader().confDir(conf).env(env);
  }

  private Path write(String relative, String text) throws IOException {
    Path file = conf.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }
}
