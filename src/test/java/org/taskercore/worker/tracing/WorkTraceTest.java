package org.taskercore.worker.tracing;

import io.opentelemetry.context.Scope;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.support.BridgeFrames;
import org.taskercore.worker.support.TestDatabase;
import org.taskercore.worker.support.TestSockets;
import org.taskercore.worker.support.TestWorkers;
import org.taskercore.worker.support.Waits;
import org.taskercore.worker.support.TraceContext;
import org.taskercore.worker.support.ZipkinServer;
import org.taskercore.worker.tasks.TemplateKey;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.taskercore.worker.tracing.Traces.all;
import static org.taskercore.worker.tracing.Traces.childOf;
import static org.taskercore.worker.tracing.Traces.named;
import static org.taskercore.worker.tracing.Traces.only;
import static org.taskercore.worker.tracing.Traces.tag;

/** Tasks, steps, the outbox and the bridges, traced into a real Zipkin by one worker with a database. */
@DisplayName("Tracing work: a task's steps and a retried step's attempts, events and the outbox insert, bridges continuing a caller's trace")
class WorkTraceTest {

  private static ZipkinServer zipkin;
  private static TaskerWorker worker;
  private static Vertx client;
  private static int bridgePort;

  @BeforeAll
  static void start() {
    zipkin = ZipkinServer.shared();
    bridgePort = TestSockets.freePort();
    String database = TestDatabase.fresh();
    worker = TestWorkers.start(null, c -> {
      Traces.zipkinExport(c, zipkin, "tasker-worker");
      c.set("worker.templates.search_paths", new JsonArray().add("conf/templates/**/*.yaml")
          .add("src/test/resources/templates/**/*.yaml"))
        .set("common.database.url", database)
        .set("worker.web.enabled", true).set("worker.web.bind_address", "127.0.0.1:0").set("worker.web.sockjs_bridge", true)
        .set("worker.bridge.enabled", true).set("worker.bridge.bind_address", "127.0.0.1:" + bridgePort);
    }, b -> { });
    client = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    if (worker != null) {
      worker.stopAndWait(Duration.ofSeconds(30));
    }
    if (client != null) {
      client.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  @Test
  @DisplayName("a task continues its caller's trace; each step is a span with an attempt span each, the flaky step's first attempt an error")
  void taskStepsAndAttempts() throws Exception {
    TraceContext caller = TraceContext.random();
    JsonObject result = runUnder(caller, "testing/retry/1.0.0", new JsonObject().put("flaky_steps", new JsonObject().put("flaky", 1)));
    assertThat(result.getString("status")).as(result.encodePrettily()).isEqualTo("complete");

    List<JsonObject> spans = zipkin.awaitTrace(caller.traceId(), "the task's span", taskEnded("testing/retry/1.0.0"));
    JsonObject task = only(spans, "the task's span", named("task testing/retry/1.0.0"));
    assertThat(task.getString("parentId")).isEqualTo(caller.spanId());
    assertThat(tag(task, "tasker.task_uuid")).isEqualTo(result.getString("task_uuid"));
    for (JsonObject send : all(spans, childOf(task))) {
      assertThat(send.getString("name")).isEqualTo("send tasker.steps.testing");
    }
    JsonObject flaky = only(spans, "the flaky step", named("step flaky"));
    JsonObject sent = only(spans, "its message", s -> s.getString("id").equals(flaky.getString("parentId")));
    assertThat(sent.getString("parentId")).isEqualTo(task.getString("id"));
    assertThat(tag(flaky, "tasker.outcome")).isEqualTo("success");
    List<JsonObject> attempts = all(spans, named("step.attempt flaky").and(childOf(flaky)));
    assertThat(attempts).extracting(a -> tag(a, "tasker.attempt")).containsExactlyInAnyOrder("1", "2");
    JsonObject first = attempts.stream().filter(a -> "1".equals(tag(a, "tasker.attempt"))).findFirst().orElseThrow();
    JsonObject second = attempts.stream().filter(a -> "2".equals(tag(a, "tasker.attempt"))).findFirst().orElseThrow();
    assertThat(tag(first, "error")).as("the failed attempt records its error").isNotNull();
    assertThat(first.getJsonArray("annotations").encode()).contains("exception");
    assertThat(tag(first, "tasker.outcome")).isEqualTo("failure");
    assertThat(tag(second, "error")).isNull();
    assertThat(tag(second, "tasker.step")).isEqualTo("flaky");
    JsonObject after = only(spans, "the dependent step", named("step after"));
    assertThat(all(spans, named("step.attempt after").and(childOf(after)))).hasSize(1);
  }

  @Test
  @DisplayName("a step's domain events are span events, and its durable ones' outbox insert is a PostgreSQL span below the step")
  void eventsAndTheOutbox() throws Exception {
    TraceContext caller = TraceContext.random();
    JsonObject result = runUnder(caller, "notifications/send_notification/1.0.0", new JsonObject().put("recipient", "a@example.org"));
    assertThat(result.getString("status")).as(result.encodePrettily()).isEqualTo("complete");

    List<JsonObject> spans = zipkin.awaitTrace(caller.traceId(), "the task's span",
      taskEnded("notifications/send_notification/1.0.0"));
    JsonObject deliver = only(spans, "the deliver step", named("step deliver"));
    assertThat(deliver.getJsonArray("annotations").encode())
      .contains("domain_event notification.delivered", "domain_event notification.audit", "domain_event notification.sent");
    List<JsonObject> database = all(spans, s -> "postgresql".equals(tag(s, "db.system")));
    assertThat(database).as("database spans in " + Traces.names(spans)).isNotEmpty();
    for (JsonObject query : database) {
      assertThat(descendsFrom(spans, query, deliver)).as(query.encode()).isTrue();
    }
  }

  @Test
  @DisplayName("after a step fails, step_processing names that step's trace, which holds the failed attempts")
  void failedStepNamesItsTrace() throws Exception {
    TraceContext caller = TraceContext.random();
    JsonObject result = runUnder(caller, "testing/retry/1.0.0", new JsonObject().put("flaky_steps", new JsonObject().put("flaky", 9)));
    assertThat(result.getString("status")).isEqualTo("error");
    HttpClient http = HttpClient.newHttpClient();
    // Every test here runs at most five steps and this one failed one: the error rate is over the 5 % that degrades.
    Waits.await("step_processing naming the failed step's trace").atMost(Duration.ofSeconds(10)).until(() -> {
      JsonObject check = new JsonObject(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + worker.httpPort()
        + "/health/detailed")).build(), HttpResponse.BodyHandlers.ofString()).body()).getJsonObject("checks")
        .getJsonObject("step_processing");
      return !"healthy".equals(check.getString("status")) && caller.traceId().equals(check.getString("trace_id"));
    });
    List<JsonObject> spans = zipkin.awaitTrace(caller.traceId(), "the task's span", taskEnded("testing/retry/1.0.0"));
    JsonObject flaky = only(spans, "the failed step", named("step flaky"));
    assertThat(tag(flaky, "error")).isNotNull();
    assertThat(all(spans, named("step.attempt flaky").and(childOf(flaky)))).hasSize(3);
  }

  @Test
  @DisplayName("a TCP bridge frame with a traceparent header: the service span continues the caller's trace")
  void tcpBridgeContinuesTheTrace() throws Exception {
    TraceContext caller = TraceContext.random();
    NetClient net = client.createNetClient();
    JsonObject reply = net.connect(bridgePort, "127.0.0.1").map(BridgeFrames::new)
      .compose(frames -> frames.send(healthFrame(caller, "t1")))
      .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    assertThat(reply.getJsonObject("body").getString("status")).as(reply.encode()).isNotBlank();
    assertContinued(caller);
  }

  @Test
  @DisplayName("a SockJS bridge frame with a traceparent header: the service span continues the caller's trace")
  void sockJsBridgeContinuesTheTrace() throws Exception {
    TraceContext caller = TraceContext.random();
    WebSocketClient webSockets = client.createWebSocketClient();
    JsonObject reply = webSockets.connect(worker.httpPort(), "127.0.0.1", "/eventbus/websocket").map(BridgeFrames::sockJs)
      .compose(frames -> frames.send(healthFrame(caller, "s1")))
      .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    assertThat(reply.getJsonObject("body").getString("status")).as(reply.encode()).isNotBlank();
    assertContinued(caller);
  }

  /** The task's span ends last, after every step replied: once it is in, so is the rest (one exporter, in order). */
  private static java.util.function.Predicate<List<JsonObject>> taskEnded(String template) {
    return spans -> spans.stream().anyMatch(named("task " + template));
  }

  private void assertContinued(TraceContext caller) {
    List<JsonObject> spans = zipkin.awaitTrace(caller.traceId(), "the service span's whole chain", got -> {
      JsonObject at = got.stream().filter(named("health.detailed").and(s -> "SERVER".equals(s.getString("kind"))))
        .findFirst().orElse(null);
      while (at != null && !caller.spanId().equals(at.getString("parentId"))) {
        String parent = at.getString("parentId");
        at = parent == null ? null : got.stream().filter(s -> parent.equals(s.getString("id"))).findFirst().orElse(null);
      }
      return at != null;
    });
    JsonObject served = only(spans, "the service span", named("health.detailed").and(s -> "SERVER".equals(s.getString("kind"))));
    JsonObject root = served;
    while (root.getString("parentId") != null && !root.getString("parentId").equals(caller.spanId())) {
      String parent = root.getString("parentId");
      root = spans.stream().filter(s -> s.getString("id").equals(parent)).findFirst()
        .orElseThrow(() -> new AssertionError("span " + parent + " missing from " + Traces.names(spans)));
    }
    assertThat(root.getString("parentId")).as("the chain reaches the caller's span").isEqualTo(caller.spanId());
  }

  private static JsonObject healthFrame(TraceContext caller, String replyAddress) {
    return new JsonObject().put("type", "send").put("address", "tasker.worker." + worker.workerId() + ".health")
      .put("replyAddress", replyAddress).put("body", new JsonObject())
      .put("headers", new JsonObject().put("action", "detailed").put("traceparent", caller.traceparent()));
  }

  private static JsonObject runUnder(TraceContext caller, String template, JsonObject input) throws Exception {
    return Future.<JsonObject>future(done -> worker.vertx().runOnContext(v -> {
      try (Scope ignored = caller.context().makeCurrent()) {
        worker.tasks().run(TemplateKey.parse(template), input).onComplete(done);
      }
    })).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static boolean descendsFrom(List<JsonObject> spans, JsonObject span, JsonObject ancestor) {
    JsonObject at = span;
    while (at != null) {
      if (at.getString("id").equals(ancestor.getString("id"))) {
        return true;
      }
      String parent = at.getString("parentId");
      at = parent == null ? null : spans.stream().filter(s -> s.getString("id").equals(parent)).findFirst().orElse(null);
    }
    return false;
  }
}
