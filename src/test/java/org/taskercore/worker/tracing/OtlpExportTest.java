package org.taskercore.worker.tracing;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.config.ConfigException;
import org.taskercore.worker.support.TestSockets;
import org.taskercore.worker.support.TestWorkers;
import org.taskercore.worker.support.WorkerProcess;
import org.taskercore.worker.support.TraceContext;
import org.taskercore.worker.support.Waits;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The default exporter, OTLP over HTTP, against a receiver here that decodes what arrives with the
 * protocol's own generated classes (opentelemetry-proto), as a collector would.
 */
@DisplayName("OTLP export: the real protobuf a collector receives, with the same span names and links")
class OtlpExportTest {

  private static final ConcurrentLinkedQueue<ResourceSpans> received = new ConcurrentLinkedQueue<>();
  private static final ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
  private static Vertx receiverVertx;
  private static HttpServer receiver;
  private static TaskerWorker worker;

  @BeforeAll
  static void start() throws Exception {
    receiverVertx = Vertx.vertx();
    receiver = receiverVertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      if (!request.path().equals("/v1/traces") || !"application/x-protobuf".equals(request.getHeader("Content-Type"))) {
        refused.add(request.method() + " " + request.path() + " " + request.getHeader("Content-Type"));
        request.response().setStatusCode(400).end();
        return;
      }
      try {
        received.addAll(ExportTraceServiceRequest.parseFrom(body.getBytes()).getResourceSpansList());
        request.response().putHeader("Content-Type", "application/x-protobuf")
          .end(Buffer.buffer(ExportTraceServiceResponse.getDefaultInstance().toByteArray()));
      } catch (InvalidProtocolBufferException e) {
        refused.add("undecodable: " + e.getMessage());
        request.response().setStatusCode(400).end();
      }
    })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Traces.fastBatches();
    worker = TestWorkers.start(null, c -> c.set("observability.tracing.enabled", true)
      .set("observability.tracing.endpoint", "http://127.0.0.1:" + receiver.actualPort() + "/v1/traces")
      .set("worker.web.enabled", true).set("worker.web.bind_address", "127.0.0.1:0"), b -> { });
  }

  @AfterAll
  static void stop() {
    if (worker != null) {
      worker.stopAndWait(Duration.ofSeconds(30));
    }
    receiverVertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  @DisplayName("GET /health/detailed arrives as HTTP server → health.detailed client → server, under the caller's span, with the worker's resource")
  void spansArriveAsProtobuf() throws Exception {
    TraceContext caller = TraceContext.random();
    HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + worker.httpPort() + "/health/detailed")).header("traceparent", caller.traceparent())
      .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);

    // The route's span ends last (one exporter, in order): once it is in, so are the spans below it.
    Waits.await("the trace's route span at the receiver").atMost(Duration.ofSeconds(30))
      .until(() -> spansOf(caller).stream().anyMatch(s -> s.getName().equals("GET /health/detailed")));
    assertThat(refused).isEmpty();
    List<Span> spans = spansOf(caller);
    Span route = one(spans, "GET /health/detailed");
    assertThat(hex(route.getParentSpanId().toByteArray())).isEqualTo(caller.spanId());
    assertThat(route.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(attributes(route.getAttributesList())).containsEntry("http.route", "/health/detailed");
    List<Span> calls = spans.stream().filter(s -> s.getName().equals("health.detailed")).toList();
    Span client = calls.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_CLIENT).findFirst().orElseThrow();
    Span server = calls.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER).findFirst().orElseThrow();
    assertThat(client.getParentSpanId()).isEqualTo(route.getSpanId());
    assertThat(server.getParentSpanId()).isEqualTo(client.getSpanId());
    assertThat(attributes(server.getAttributesList()))
      .containsEntry("messaging.destination.name", "tasker.worker." + worker.workerId() + ".health");

    ResourceSpans resource = received.stream().filter(r -> r.getScopeSpansList().stream()
      .anyMatch(s -> s.getSpansList().contains(route))).findFirst().orElseThrow();
    assertThat(attributes(resource.getResource().getAttributesList()))
      .containsEntry("service.name", "tasker-worker")
      .containsEntry("service.instance.id", worker.workerId())
      .containsEntry("deployment.environment", "test");
  }

  @Test
  @DisplayName("a malformed, all-zero or oversized traceparent is ignored: the request is answered and starts a trace of its own")
  void hostileTraceparentsStartTheirOwnTrace() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    List<String> hostile = List.of("00-zzzz-not-hex-01", "00-00000000000000000000000000000000-0000000000000000-01",
      "ff-" + "a".repeat(32) + "-" + "b".repeat(16) + "-01", "00-" + "c".repeat(4_000) + "-" + "d".repeat(16) + "-01");
    for (String value : hostile) {
      String requestId = "hostile-" + hostile.indexOf(value);
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + worker.httpPort()
        + "/nowhere")).header("traceparent", value).header("X-Request-Id", requestId).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(value).isEqualTo(404);
      String traceId = new JsonObject(answer.body()).getString("trace_id");
      assertThat(traceId).as("a trace of its own for " + value.substring(0, Math.min(40, value.length())))
        .matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32)).isNotEqualTo("a".repeat(32));
      Waits.await("the refused request's span").atMost(Duration.ofSeconds(30)).until(() -> received.stream()
        .flatMap(r -> r.getScopeSpansList().stream()).flatMap(sc -> sc.getSpansList().stream())
        .anyMatch(span -> hex(span.getTraceId().toByteArray()).equals(traceId) && span.getParentSpanId().isEmpty()));
    }
  }

  @Test
  @DisplayName("exporter = logging: a worker process writes each span as a line of its own log")
  void loggingExporterWritesSpansToTheLog() throws Exception {
    int port = TestSockets.freePort();
    File log = new File("target/trace-logging-exporter.log");
    Process process = WorkerProcess.start(Map.of("TASKER__OBSERVABILITY__TRACING__ENABLED", "true",
      "TASKER__OBSERVABILITY__TRACING__EXPORTER", "logging", "TASKER__WORKER__WEB__BIND_ADDRESS", "127.0.0.1:" + port,
      "TASKER_LOG_LEVEL", "info"), log, "run");
    try {
      HttpClient http = HttpClient.newHttpClient();
      TraceContext caller = TraceContext.random();
      Waits.await("the worker process answering").atMost(Duration.ofSeconds(60)).until(() -> {
        try {
          return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/detailed"))
            .header("traceparent", caller.traceparent()).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (java.io.IOException notYet) {
          return false;
        }
      });
      // The route's span ends last (the checks and the bus hop inside it end first), so wait for it.
      Waits.await("the route's span as a log line").atMost(Duration.ofSeconds(30)).until(() ->
        Files.readAllLines(log.toPath()).stream().anyMatch(l -> l.contains(caller.traceId()) && l.contains("'GET /health/detailed'")));
      assertThat(Files.readAllLines(log.toPath()).stream().filter(l -> l.contains(caller.traceId())))
        .anyMatch(l -> l.contains("LoggingSpanExporter") && l.contains("'health.detailed'"))
        .anyMatch(l -> l.contains("'GET /health/detailed'"));
    } finally {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  @DisplayName("an unknown exporter or a ui_url without {trace_id} stops start-up naming the key")
  void badTracingKeysAreRefused() {
    assertThatThrownBy(() -> TestWorkers.loader().set("observability.tracing.exporter", "jaeger").load())
      .isInstanceOf(ConfigException.class).hasMessageContaining("observability.tracing.exporter")
      .hasMessageContaining("otlp, zipkin, logging");
    assertThatThrownBy(() -> TestWorkers.loader().set("observability.tracing.ui_url", "http://zipkin/traces").load())
      .isInstanceOf(ConfigException.class).hasMessageContaining("observability.tracing.ui_url").hasMessageContaining("{trace_id}");
    assertThatThrownBy(() -> TestWorkers.loader().set("observability.tracing.sample_ratio", 1.5).load())
      .isInstanceOf(ConfigException.class).hasMessageContaining("observability.tracing.sample_ratio");
  }

  private static List<Span> spansOf(TraceContext caller) {
    return received.stream().flatMap(r -> r.getScopeSpansList().stream()).flatMap(s -> s.getSpansList().stream())
      .filter(s -> hex(s.getTraceId().toByteArray()).equals(caller.traceId())).toList();
  }

  private static Span one(List<Span> spans, String name) {
    List<Span> found = spans.stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(found).as(name + " among " + spans.stream().map(Span::getName).toList()).hasSize(1);
    return found.get(0);
  }

  private static Map<String, String> attributes(List<KeyValue> values) {
    return values.stream().collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().hasStringValue()
      ? kv.getValue().getStringValue() : kv.getValue().toString().trim(), (a, b) -> a));
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
