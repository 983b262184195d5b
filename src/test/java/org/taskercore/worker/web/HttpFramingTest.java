package org.taskercore.worker.web;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.support.TestWorkers;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Raw bytes on the HTTP port: what the server refuses before any route runs answers the same
 * error JSON and {@code X-Request-Id} as every other error, and closes the connection.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("HTTP framing: smuggling refused, oversized headers and request lines and unreadable requests answered as error JSON")
class HttpFramingTest {

  private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3}) ");

  static TaskerWorker worker;

  @BeforeAll
  static void start(VertxTestContext ctx) {
    TestWorkers.starting(c -> c.set("worker.web.enabled", true).set("worker.web.bind_address", "127.0.0.1:0"))
      .onComplete(ctx.succeeding(w -> {
        worker = w;
        ctx.completeNow();
      }));
  }

  @AfterAll
  static void stop(VertxTestContext ctx) {
    worker.stop().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("Content-Length with Transfer-Encoding: 400 error JSON, connection closed, the pipelined request behind it never answered")
  void smuggling(Vertx vertx, VertxTestContext ctx) {
    String attack = "POST /templates/cache/maintain HTTP/1.1\r\nHost: w\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
      + "0\r\n\r\n"
      + "GET /config HTTP/1.1\r\nHost: w\r\n\r\n";
    exchange(vertx, attack).onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
      assertOneErrorAnswer(answer, 400);
      assertThat(answer).contains("Transfer-Encoding").doesNotContain("\"environment\"");
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("a Transfer-Encoding other than chunked, beside Content-Length or alone, is refused the same way")
  void otherCodings(Vertx vertx, VertxTestContext ctx) {
    exchange(vertx, "POST /templates/cache/maintain HTTP/1.1\r\nHost: w\r\nContent-Length: 5\r\nTransfer-Encoding: gzip\r\n\r\nhello")
      .compose(withLength -> exchange(vertx, "POST /templates/cache/maintain HTTP/1.1\r\nHost: w\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n")
        .map(alone -> List.of(withLength, alone)))
      .onComplete(ctx.succeeding(answers -> ctx.verify(() -> {
        answers.forEach(answer -> assertOneErrorAnswer(answer, 400));
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("a plain chunked request is served (Node's HTTP client posts SockJS frames that way)")
  void chunkedServed(Vertx vertx, VertxTestContext ctx) {
    exchange(vertx, "POST /templates/cache/maintain HTTP/1.1\r\nHost: w\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
      .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
        assertThat(answer).startsWith("HTTP/1.1 200 ");
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("headers over the limit: 431 error JSON with X-Request-Id")
  void headersTooLarge(Vertx vertx, VertxTestContext ctx) {
    exchange(vertx, "GET /health HTTP/1.1\r\nHost: w\r\nX-Filler: " + "x".repeat(40_000) + "\r\n\r\n")
      .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
        assertOneErrorAnswer(answer, 431);
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("a request line over the limit: 414 error JSON with X-Request-Id")
  void uriTooLong(Vertx vertx, VertxTestContext ctx) {
    exchange(vertx, "GET /templates/" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: w\r\n\r\n")
      .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
        assertOneErrorAnswer(answer, 414);
        ctx.completeNow();
      })));
  }

  @Test
  @DisplayName("a request line that is not HTTP: 400 error JSON with X-Request-Id")
  void unreadable(Vertx vertx, VertxTestContext ctx) {
    exchange(vertx, "GET /health HTTP/1.1\r\nHost: w\r\nContent-Length: banana\r\n\r\n")
      .onComplete(ctx.succeeding(answer -> ctx.verify(() -> {
        assertOneErrorAnswer(answer, 400);
        ctx.completeNow();
      })));
  }

  /** Exactly one response, with the status, the error JSON and a request id that matches its header. */
  private static void assertOneErrorAnswer(String answer, int status) {
    Matcher lines = STATUS_LINE.matcher(answer);
    assertThat(lines.find()).as(answer).isTrue();
    assertEquals(status, Integer.parseInt(lines.group(1)), answer);
    assertThat(lines.find()).as("a second response: " + answer).isFalse();
    String[] parts = answer.split("\r\n\r\n", 2);
    Matcher requestId = Pattern.compile("(?im)^x-request-id: (\\S+)$").matcher(parts[0]);
    assertThat(requestId.find()).as(parts[0]).isTrue();
    JsonObject body = new JsonObject(parts[1]);
    assertEquals(Set.of("error", "message", "status", "request_id"), body.fieldNames(), body.encode());
    assertEquals(status, body.getInteger("status"));
    assertEquals(requestId.group(1), body.getString("request_id"));
  }

  /** Writes the bytes and answers everything read until the server closes the connection. */
  private static Future<String> exchange(Vertx vertx, String request) {
    NetClient net = vertx.createNetClient(); // referenced until closed: Vert.x closes an unreferenced client
    return net.connect(worker.httpPort(), "127.0.0.1").compose(socket -> {
      Buffer read = Buffer.buffer();
      Promise<String> closed = Promise.promise();
      socket.handler(read::appendBuffer);
      socket.closeHandler(v -> closed.tryComplete(read.toString()));
      long bound = vertx.setTimer(10_000, t -> closed.tryFail(new AssertionError("connection still open: " + read)));
      socket.write(request);
      return closed.future().onComplete(ar -> vertx.cancelTimer(bound));
    }).eventually(net::close);
  }
}
