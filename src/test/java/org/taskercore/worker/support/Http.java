package org.taskercore.worker.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** HTTP for tests on {@code VertxExtension}: a client for a port, and a batch of requests answered together. */
public final class Http {

  private Http() {
  }

  /** A client of 127.0.0.1:{@code port} whose idle timeout fails a hung request instead of stalling the test. */
  public static WebClient client(Vertx vertx, int port) {
    return WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port).setIdleTimeout(20));
  }

  /** Sends every request at once; the responses come in the requests' order. */
  public static Future<List<HttpResponse<Buffer>>> all(List<HttpRequest<Buffer>> requests) {
    List<Future<HttpResponse<Buffer>>> sent = requests.stream().map(HttpRequest::send).toList();
    return Future.all(sent).map(done -> sent.stream().map(Future::result).toList());
  }

  /** The error body every 4xx and 5xx carries: {@code error}, {@code message}, {@code status}, {@code request_id}, no stack trace. */
  public static void assertErrorShape(HttpResponse<Buffer> response, int status) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    JsonObject body = response.bodyAsJsonObject();
    assertEquals(Set.of("error", "message", "status", "request_id"), body.fieldNames(), body.encode());
    assertEquals(status, body.getInteger("status"));
    assertEquals(response.getHeader("X-Request-Id"), body.getString("request_id"));
    assertThat(body.encode()).doesNotContain("Exception", "\tat ");
  }
}
