package org.taskercore.worker.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.config.ConfigLoader;
import org.taskercore.worker.support.NodeTools;
import org.taskercore.worker.support.TestCluster;
import org.taskercore.worker.support.TestWorkers;
import org.taskercore.worker.support.Waits;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The served OpenAPI document through tools nobody here wrote: Redocly CLI lints it (0 errors),
 * and a Prism proxy checks every answer a worker and a gateway give against it, for every
 * operation of the document and the error cases it documents.
 */
@DisplayName("OpenAPI: Redocly's lint and Prism's validation of every answer, worker and gateway")
class OpenApiToolsTest {

  static final String ADMIN = "openapi-admin-key-0123456789";
  static final String METRICS_ONLY = "openapi-metrics-key-0123456789";
  static final String TEMPLATE = "payments/process_payment/1.0.0";
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final TestCluster cluster = new TestCluster();
  static TaskerWorker worker;
  static TaskerWorker gateway;
  static Path document;

  /** One request: {@code key} null sends no credentials; {@code expected} is the status it must get. */
  record Call(String method, String path, String key, String accept, int expected) {
    Call(String method, String path, int expected) {
      this(method, path, ADMIN, null, expected);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    worker = TestWorkers.start(null, c -> secured(c).set("worker.worker_id", "openapi-w")
      .set("worker.templates.search_paths", new JsonArray().add("conf/templates/**/*.yaml")), b -> { });
    ConfigLoader gatewayConfig = secured(TestWorkers.loader());
    gateway = TaskerWorker.gateway().configLoader(gatewayConfig).startAndWait(Duration.ofSeconds(60));
    Waits.await("the gateway sees the worker").atMost(Duration.ofSeconds(30))
      .until(() -> send(gateway.httpPort(), new Call("GET", "/health/ready", 200)).statusCode() == 200);
    document = Path.of("target/openapi-served.json");
    Files.writeString(document, send(worker.httpPort(), new Call("GET", "/api-docs/openapi.json", 200)).body());
  }

  @AfterAll
  static void stop() throws Exception {
    if (gateway != null) {
      gateway.stopAndWait(Duration.ofSeconds(30));
    }
    if (worker != null) {
      worker.stopAndWait(Duration.ofSeconds(30));
    }
    cluster.stopAll().await(30, TimeUnit.SECONDS);
  }

  private static ConfigLoader secured(ConfigLoader c) {
    cluster.configure(c);
    return c.set("worker.web.enabled", true).set("worker.web.bind_address", "127.0.0.1:0")
      .set("worker.web.auth.enabled", true).set("worker.web.auth.api_keys", new JsonArray().add(ADMIN))
      .set("worker.web.auth.keys", new JsonArray().add(new JsonObject().put("key", METRICS_ONLY)
        .put("permissions", new JsonArray().add("metrics:read"))));
  }

  @Test
  @DisplayName("redocly lint: 0 errors; the only warnings are the trailing slashes redocly.yaml explains")
  void redoclyLint() throws Exception {
    NodeTools.Finished lint = NodeTools.redoclyLint(document);
    JsonObject report = new JsonObject(lint.output());
    assertThat(report.getJsonObject("totals").getInteger("errors")).as(lint.output()).isZero();
    Set<String> warned = new TreeSet<>();
    report.getJsonArray("problems").forEach(p -> warned.add(((JsonObject) p).getString("ruleId")));
    assertThat(warned).as(lint.output()).isSubsetOf("no-path-trailing-slash");
    assertThat(lint.exitCode()).isZero();
  }

  @Test
  @DisplayName("Prism is no rubber stamp: against a document that wants a field no answer has, it reports the violation")
  void prismCatchesAViolation() throws Exception {
    JsonObject strict = new JsonObject(Files.readString(document));
    strict.getJsonObject("components").getJsonObject("schemas").getJsonObject("BasicHealth")
      .getJsonArray("required").add("never_sent");
    Path strictDocument = Path.of("target/openapi-strict.json");
    Files.writeString(strictDocument, strict.encode());
    try (NodeTools.PrismProxy prism = NodeTools.PrismProxy.start(strictDocument, "http://127.0.0.1:" + worker.httpPort(),
      new File("target/prism-strict.log"))) {
      HttpResponse<String> answer = send(prism.port, new Call("GET", "/health/live", 200));
      assertThat(answer.headers().firstValue("sl-violations")).as(answer.body()).hasValueSatisfying(v -> assertThat(v)
        .contains("never_sent"));
    }
  }

  @Test
  @DisplayName("a full worker: every operation, and 400, 401, 403 and 404 where the document says so")
  void workerAnswers() throws Exception {
    List<Call> calls = everyOperation("openapi-w", 0);
    calls.addAll(List.of(
      new Call("GET", "/templates", null, null, 401),
      new Call("GET", "/config", METRICS_ONLY, null, 403),
      new Call("GET", "/metrics", ADMIN, "application/openmetrics-text", 200),
      new Call("GET", "/templates?include_cache_stats=maybe", 400),
      new Call("GET", "/templates/bad%20ns/x/1.0.0", 400),
      new Call("GET", "/templates/nope/nope/1.0.0", 404),
      new Call("POST", "/templates/nope/nope/1.0.0/validate", 404),
      new Call("POST", "/templates/nope/nope/1.0.0/refresh", 404),
      new Call("POST", "/workers/openapi-w/templates/nope/nope/1.0.0/refresh", 404),
      new Call("GET", "/workers/bad%20id/health", 400),
      new Call("GET", "/workers/nobody/health/detailed", 404)));
    assertValid(worker.httpPort(), calls, "worker");
  }

  @Test
  @DisplayName("a gateway: its own health and metrics, 404 on a worker's routes, every worker's routes by name")
  void gatewayAnswers() throws Exception {
    List<Call> calls = everyOperation("openapi-w", 404);
    calls.addAll(List.of(
      new Call("GET", "/cluster/workers", null, null, 401),
      new Call("GET", "/workers/nobody/templates", 404)));
    assertValid(gateway.httpPort(), calls, "gateway");
  }

  /**
   * A call per operation of the document, its path parameters filled with a real template and
   * worker. {@code workerRoutes}: the status of an un-prefixed worker route here (0: as it answers).
   */
  private static List<Call> everyOperation(String workerId, int workerRoutes) throws Exception {
    JsonObject paths = new JsonObject(Files.readString(document)).getJsonObject("paths");
    Set<String> ownOnGateway = Set.of("/health", "/health/live", "/health/ready", "/metrics");
    List<Call> calls = new ArrayList<>();
    for (String path : paths.fieldNames()) {
      String concrete = path.replace("{worker_id}", workerId).replace("{namespace}/{name}/{version}", TEMPLATE);
      boolean workerRoute = !path.startsWith("/workers/") && !path.startsWith("/cluster") && !path.startsWith("/api-docs")
        && !path.startsWith("/ui") && !ownOnGateway.contains(path);
      for (String method : paths.getJsonObject(path).fieldNames()) {
        if (paths.getJsonObject(path).getValue(method) instanceof JsonObject operation && operation.containsKey("operationId")) {
          int expected = workerRoute && workerRoutes != 0 ? workerRoutes : 200;
          calls.add(new Call(method.toUpperCase(), concrete, expected));
        }
      }
    }
    return calls;
  }

  private static void assertValid(int port, List<Call> calls, String who) throws Exception {
    File log = new File("target/prism-" + who + ".log");
    List<String> problems = new ArrayList<>();
    try (NodeTools.PrismProxy prism = NodeTools.PrismProxy.start(document, "http://127.0.0.1:" + port, log)) {
      for (Call call : calls) {
        HttpResponse<String> answer = send(prism.port, call);
        String what = call.method() + " " + call.path() + (call.accept() == null ? "" : " (Accept " + call.accept() + ")");
        answer.headers().firstValue("sl-violations").ifPresent(v -> problems.add(what + " → " + answer.statusCode() + ": " + v));
        if (answer.headers().firstValue("sl-violations").isEmpty() && answer.statusCode() != call.expected()) {
          problems.add(what + " → " + answer.statusCode() + ", expected " + call.expected() + ": " + answer.body());
        }
      }
    }
    assertThat(problems).as("answers of the %s that contradict the document or the expected status (Prism log: %s)", who, log)
      .isEmpty();
    System.out.printf("openapi: %d answers of the %s validated by Prism%n", calls.size(), who);
  }

  private static HttpResponse<String> send(int port, Call call) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + call.path()))
      .timeout(Duration.ofSeconds(20)).method(call.method(), HttpRequest.BodyPublishers.noBody());
    if (call.key() != null) {
      request.header("X-API-Key", call.key());
    }
    if (call.accept() != null) {
      request.header("Accept", call.accept());
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
