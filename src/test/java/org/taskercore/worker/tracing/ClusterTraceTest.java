package org.taskercore.worker.tracing;

import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.service.health.HealthService;
import org.taskercore.worker.support.TestCluster;
import org.taskercore.worker.support.TestSockets;
import org.taskercore.worker.support.TestWorkers;
import org.taskercore.worker.support.TraceContext;
import org.taskercore.worker.support.Waits;
import org.taskercore.worker.support.WorkerProcess;
import org.taskercore.worker.support.ZipkinServer;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.taskercore.worker.tracing.Traces.all;
import static org.taskercore.worker.tracing.Traces.childOf;
import static org.taskercore.worker.tracing.Traces.named;
import static org.taskercore.worker.tracing.Traces.only;
import static org.taskercore.worker.tracing.Traces.service;
import static org.taskercore.worker.tracing.Traces.tag;

/**
 * Traces across processes, read back from a real Zipkin: a gateway in this JVM, a worker
 * ("remote") in another, a worker ("alpha") in this one, all exporting with the Zipkin exporter.
 */
@DisplayName("Tracing across a cluster: one trace from the gateway's HTTP span to the worker in another JVM, fan-outs, logs")
class ClusterTraceTest {

  private static final TestCluster cluster = new TestCluster();
  private static final HttpClient http = HttpClient.newHttpClient();
  private static final File remoteLog = new File("target/trace-remote.log");
  private static ZipkinServer zipkin;
  private static Process remote;
  private static int remotePort;
  private static TaskerWorker gateway;

  @BeforeAll
  static void start() throws Exception {
    zipkin = ZipkinServer.shared();
    remotePort = TestSockets.freePort();
    Map<String, String> env = new HashMap<>(cluster.environment());
    env.putAll(Map.of("TASKER__WORKER__WORKER_ID", "remote", "TASKER__WORKER__WEB__BIND_ADDRESS", "127.0.0.1:" + remotePort,
      "TASKER__WORKER__WEB__ACCESS_LOG", "all", "TASKER__OBSERVABILITY__TRACING__ENABLED", "true",
      "TASKER__OBSERVABILITY__TRACING__EXPORTER", "zipkin", "TASKER__OBSERVABILITY__TRACING__ENDPOINT", zipkin.spansEndpoint(),
      // The standard variable wins over the file's service_name.
      "OTEL_SERVICE_NAME", "tasker-remote", "OTEL_BSP_SCHEDULE_DELAY", "100"));
    env.putAll(Map.of("TASKER_LOG_FORMAT", "json", "TASKER_LOG_LEVEL", "info"));
    remote = WorkerProcess.start(env, remoteLog, "run");
    cluster.starting("alpha", c -> Traces.zipkinExport(c, zipkin, "tasker-alpha")).toCompletionStage().toCompletableFuture()
      .get(60, TimeUnit.SECONDS);
    var loader = TestWorkers.loader().set("worker.web.enabled", true).set("worker.web.bind_address", "127.0.0.1:0");
    cluster.configure(loader);
    Traces.zipkinExport(loader, zipkin, "tasker-gateway");
    gateway = TaskerWorker.gateway().configLoader(loader).startAndWait(Duration.ofSeconds(60));
    Waits.await("the gateway reaching the remote worker").atMost(Duration.ofSeconds(90))
      .until(() -> get(gateway.httpPort(), "/workers/remote/health/live", null).statusCode() == 200);
  }

  @AfterAll
  static void stop() throws Exception {
    if (gateway != null) {
      gateway.stopAndWait(Duration.ofSeconds(30));
    }
    cluster.stopAll().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    if (remote != null) {
      remote.destroy();
      if (!remote.waitFor(30, TimeUnit.SECONDS)) {
        remote.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  @DisplayName("GET /workers/remote/health/detailed through the gateway: the caller's trace → HTTP span → bus client → the other JVM's service span")
  void gatewayToWorkerInAnotherJvm() throws Exception {
    TraceContext caller = TraceContext.random();
    assertThat(get(gateway.httpPort(), "/workers/remote/health/detailed", caller.traceparent()).statusCode()).isEqualTo(200);

    // Each process exports on its own, and the checks a request runs are spans too: wait for both ends.
    List<JsonObject> spans = zipkin.awaitTrace(caller.traceId(), "the gateway's route and the remote's service span",
      got -> got.stream().anyMatch(named("get /workers/:worker_id/health/detailed"))
        && got.stream().anyMatch(named("health.detailed").and(s -> "tasker-remote".equals(service(s)))));
    JsonObject route = only(spans, "the gateway's HTTP span", named("get /workers/:worker_id/health/detailed"));
    assertThat(route.getString("parentId")).isEqualTo(caller.spanId());
    assertThat(route.getString("kind")).isEqualTo("SERVER");
    assertThat(tag(route, "http.route")).isEqualTo("/workers/:worker_id/health/detailed");
    assertThat(service(route)).isEqualTo("tasker-gateway");
    JsonObject call = only(spans, "the proxy call", named("health.detailed").and(childOf(route)));
    assertThat(call.getString("kind")).isEqualTo("CLIENT");
    assertThat(tag(call, "messaging.destination.name")).isEqualTo("tasker.worker.remote.health");
    JsonObject served = only(spans, "the remote worker's service span", named("health.detailed").and(childOf(call)));
    assertThat(served.getString("kind")).isEqualTo("SERVER");
    assertThat(service(served)).as("exported by the other process, named by OTEL_SERVICE_NAME").isEqualTo("tasker-remote");
  }

  @Test
  @DisplayName("an error body carries the trace_id beside the request_id")
  void errorBodyNamesTheTrace() throws Exception {
    TraceContext caller = TraceContext.random();
    HttpResponse<String> missing = get(gateway.httpPort(), "/workers/nobody/health/detailed", caller.traceparent());
    assertThat(missing.statusCode()).isEqualTo(404);
    JsonObject body = new JsonObject(missing.body());
    assertThat(body.getString("trace_id")).isEqualTo(caller.traceId());
    assertThat(body.getString("request_id")).isNotBlank();
    JsonObject route = only(zipkin.awaitTrace(caller.traceId(), "the refused request's span",
      got -> got.stream().anyMatch(named("get /workers/:worker_id/health/detailed"))), "the refused request's span",
      named("get /workers/:worker_id/health/detailed"));
    assertThat(tag(route, "http.response.status_code")).isEqualTo("404");
  }

  @Test
  @DisplayName("the remote worker's JSON log lines written inside the request carry its trace_id and span_id")
  void logLinesCarryTheIds() throws Exception {
    TraceContext caller = TraceContext.random();
    assertThat(get(remotePort, "/health/detailed", caller.traceparent()).statusCode()).isEqualTo(200);
    Waits.await("an access line with the trace id").atMost(Duration.ofSeconds(30))
      .until(() -> Files.readString(remoteLog.toPath()).contains(caller.traceId()));
    JsonObject line = Files.readAllLines(remoteLog.toPath()).stream().filter(l -> l.startsWith("{") && l.contains(caller.traceId()))
      .map(JsonObject::new).findFirst().orElseThrow();
    assertThat(line.getString("trace_id")).isEqualTo(caller.traceId());
    assertThat(line.getString("span_id")).matches("[0-9a-f]{16}").isNotEqualTo(caller.spanId());
    assertThat(line.getString("logger")).isEqualTo("org.taskercore.worker.web.access");
  }

  @Test
  @DisplayName("/cluster/health: a child span per worker asked, marked with its id; the one that cannot answer is an error")
  void fanOutHasAChildPerWorker() throws Exception {
    listOnAlphasNode("ghost"); // nothing answers for it
    try {
      TraceContext caller = TraceContext.random();
      HttpResponse<String> answer = get(gateway.httpPort(), "/cluster/health", caller.traceparent());
      assertThat(new JsonObject(answer.body()).getJsonArray("workers")).hasSize(3);

      // The route's span ends after every ask; the two answering workers export theirs on their own.
      List<JsonObject> spans = zipkin.awaitTrace(caller.traceId(), "the route and both answering workers' spans",
        got -> got.stream().anyMatch(named("get /cluster/health"))
          && got.stream().filter(named("health.detailed").and(s -> "SERVER".equals(s.getString("kind")))).count() == 2);
      JsonObject route = only(spans, "the HTTP span", named("get /cluster/health"));
      JsonObject fanOut = only(spans, "the fan-out's span", named("cluster.health").and(childOf(route)));
      assertThat(tag(fanOut, "tasker.shared")).as("a fan-out of its own").isNull();
      List<JsonObject> asked = all(spans, named("cluster.health.ask").and(childOf(fanOut)));
      assertThat(asked).extracting(s -> tag(s, "tasker.worker_id")).containsExactlyInAnyOrder("alpha", "remote", "ghost");
      for (JsonObject ask : asked) {
        String id = tag(ask, "tasker.worker_id");
        if (id.equals("ghost")) {
          assertThat(tag(ask, "error")).as("the unreachable worker's span is an error").isNotNull();
          JsonObject failedCall = only(spans, "the proxy call nobody answered", named("health.detailed").and(childOf(ask)));
          assertThat(tag(failedCall, "error")).as("the failed call is marked with its failure code").isEqualTo("service_unavailable");
          continue;
        }
        assertThat(tag(ask, "error")).as(id + " answered").isNull();
        JsonObject call = only(spans, id + "'s proxy call", named("health.detailed").and(childOf(ask)));
        JsonObject served = only(spans, id + "'s service span", named("health.detailed").and(childOf(call)));
        assertThat(service(served)).isEqualTo("tasker-" + id);
      }

      // A scrape in which the other process answered (its up gauge is 1), so its ask is the successful kind.
      TraceContext[] answered = new TraceContext[1];
      Waits.await("a cluster scrape the remote worker answered").atMost(Duration.ofSeconds(30)).until(() -> {
        TraceContext attempt = TraceContext.random();
        String body = get(gateway.httpPort(), "/cluster/metrics", attempt.traceparent()).body();
        answered[0] = attempt;
        return body.contains("tasker_cluster_worker_up{worker_id=\"remote\"} 1");
      });
      TraceContext scraper = answered[0];
      List<JsonObject> scrape = zipkin.awaitTrace(scraper.traceId(), "the scrape's route",
        got -> got.stream().anyMatch(named("get /cluster/metrics")));
      JsonObject scrapeRoute = only(scrape, "the scrape's HTTP span", named("get /cluster/metrics"));
      JsonObject scrapeFanOut = only(scrape, "the scrape's fan-out", named("cluster.metrics").and(childOf(scrapeRoute)));
      List<JsonObject> scraped = all(scrape, named("cluster.metrics.ask").and(childOf(scrapeFanOut)));
      assertThat(scraped).extracting(s -> tag(s, "tasker.worker_id")).containsExactlyInAnyOrder("alpha", "remote", "ghost");
      assertThat(scraped).as(scraped.toString()).filteredOn(s -> tag(s, "error") != null)
        .extracting(s -> tag(s, "tasker.worker_id")).containsExactly("ghost");
    } finally {
      gateway.directory().unregister("ghost").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("a /cluster/health that joins a fan-out under way: its span is marked shared and names the trace that holds the asks")
  void joinedFanOutNamesTheTraceItShares() throws Exception {
    // A listed worker that takes every question and never answers keeps a fan-out open for query_timeout_ms.
    Semaphore questions = new Semaphore(0);
    MessageConsumer<Object> silent = gateway.vertx().eventBus().consumer(HealthService.addressOf("slowpoke"),
      question -> questions.release());
    silent.completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    listOnAlphasNode("slowpoke");
    try {
      TraceContext[] pair = new TraceContext[2];
      String[] bodies = new String[2];
      // The second request is sent once the first fan-out has asked the silent worker; it joined when the
      // silent worker was asked nothing more (a machine slow enough to outlast the timeout just tries again).
      Waits.await("a second request joining the first one's fan-out").atMost(Duration.ofSeconds(90)).until(() -> {
        questions.drainPermits();
        pair[0] = TraceContext.random();
        pair[1] = TraceContext.random();
        var firstAnswer = http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort()
          + "/cluster/health")).header("traceparent", pair[0].traceparent()).timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString());
        assertThat(questions.tryAcquire(20, TimeUnit.SECONDS)).as("the first fan-out asking the silent worker").isTrue();
        bodies[1] = get(gateway.httpPort(), "/cluster/health", pair[1].traceparent()).body();
        bodies[0] = firstAnswer.get(20, TimeUnit.SECONDS).body();
        return questions.availablePermits() == 0;
      });
      assertThat(bodies[1]).as("the joiner reads the same answer").isEqualTo(bodies[0]);
      TraceContext first = pair[0];
      TraceContext second = pair[1];

      List<JsonObject> joined = zipkin.awaitTrace(second.traceId(), "the joiner's route",
        got -> got.stream().anyMatch(named("get /cluster/health")));
      JsonObject joinerFanOut = only(joined, "the joiner's fan-out span", named("cluster.health"));
      assertThat(tag(joinerFanOut, "tasker.shared")).isEqualTo("true");
      assertThat(tag(joinerFanOut, "tasker.shared_trace_id")).isEqualTo(first.traceId());
      assertThat(all(joined, named("cluster.health.ask"))).as("no asks of its own").isEmpty();

      List<JsonObject> started = zipkin.awaitTrace(first.traceId(), "the first caller's route",
        got -> got.stream().anyMatch(named("get /cluster/health")));
      JsonObject fanOut = only(started, "the first caller's fan-out span", named("cluster.health"));
      JsonObject slow = only(started, "the silent worker's ask", named("cluster.health.ask").and(childOf(fanOut))
        .and(span -> "slowpoke".equals(tag(span, "tasker.worker_id"))));
      assertThat(tag(slow, "error")).as("unanswered within query_timeout_ms").isNotNull();
    } finally {
      gateway.directory().unregister("slowpoke").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      silent.unregister().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** A directory entry for a worker that does not run, on a live node (alpha's), so the view asks it. */
  private static void listOnAlphasNode(String workerId) throws Exception {
    String node = gateway.directory().nodeOf("alpha").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    gateway.directory().register(new JsonObject().put("worker_id", workerId).put("node_id", node).put("mode", "headless")
      .put("namespaces", new JsonArray())).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static HttpResponse<String> get(int port, String path, String traceparent) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
      .timeout(Duration.ofSeconds(20));
    if (traceparent != null) {
      request.header("traceparent", traceparent);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
