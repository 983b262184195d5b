package org.taskercore.worker.bridge;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.net.NetClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.support.BridgeFrames;
import org.taskercore.worker.support.TestWorkers;
import org.taskercore.worker.tasks.TemplateKey;

import java.io.IOException;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(VertxExtension.class)
@DisplayName("Non-Java clients: the TCP bridge and the SockJS bridge reach the services, and only them")
class BridgeTest {

  static TaskerWorker worker;
  static int bridgePort;

  @BeforeAll
  static void start(VertxTestContext ctx) throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      bridgePort = socket.getLocalPort();
    }
    TestWorkers.starting(c -> c.set("worker.bridge.enabled", true).set("worker.bridge.bind_address", "127.0.0.1:" + bridgePort)
      .set("worker.web.enabled", true).set("worker.web.bind_address", "127.0.0.1:0").set("worker.web.sockjs_bridge", true)
      .set("worker.events.forward_to_bus", true)).onComplete(ctx.succeeding(w -> {
        worker = w;
        ctx.completeNow();
      }));
  }

  @AfterAll
  static void stop(VertxTestContext ctx) {
    worker.stop().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("TCP frames: a health call answers; a step address is denied; an unknown action answers 400; domain events arrive")
  void tcpBridge(Vertx client, VertxTestContext ctx) {
    // Kept and closed at the end: Vert.x closes a client that is no longer referenced, connections and all.
    NetClient net = client.createNetClient();
    net.connect(bridgePort, "127.0.0.1").map(BridgeFrames::new).compose(frames -> frames
      .send(new JsonObject().put("type", "send").put("address", "tasker.worker." + worker.workerId() + ".health")
        .put("replyAddress", "r1").put("headers", new JsonObject().put("action", "detailed")).put("body", new JsonObject()))
      .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
        assertEquals("message", reply.getString("type"), String.valueOf(reply));
        assertEquals(worker.workerId(), reply.getJsonObject("body").getString("worker_id"));
        assertThat(reply.getJsonObject("body").getJsonObject("checks").fieldNames()).contains("database", "template_cache");
      })))
      .compose(v -> frames.send(new JsonObject().put("type", "send").put("address", "tasker.steps.payments").put("replyAddress", "r2")
        .put("body", new JsonObject())))
      .onComplete(ctx.succeeding(denied -> ctx.verify(() -> {
        assertEquals("err", denied.getString("type"));
        assertEquals("access_denied", denied.getString("message"));
      })))
      .compose(v -> frames.send(new JsonObject().put("type", "send").put("address", "tasker.worker.config").put("replyAddress", "r3")
        .put("headers", new JsonObject().put("action", "shutdown")).put("body", new JsonObject())))
      .onComplete(ctx.succeeding(refused -> ctx.verify(() -> {
        assertEquals("err", refused.getString("type"), String.valueOf(refused));
        assertEquals(400, refused.getInteger("failureCode"));
      })))
      .compose(v -> {
        // A register frame has no reply: the next frame is the event the task publishes.
        Future<JsonObject> event = frames.next();
        return frames.write(new JsonObject().put("type", "register").put("address", "tasker.events.fast.notification.delivered"))
          .compose(w -> worker.tasks().run(TemplateKey.parse("notifications/send_notification/1.0.0"), new JsonObject()))
          .compose(ran -> event);
      })
      .onComplete(ctx.succeeding(event -> ctx.verify(() -> {
        assertEquals("message", event.getString("type"), String.valueOf(event));
        assertEquals("tasker.events.fast.notification.delivered", event.getString("address"));
        assertEquals("notification.delivered", event.getJsonObject("body").getString("name"));
        assertEquals(worker.workerId(), event.getJsonObject("body").getJsonObject("payload").getString("worker_id"));
      })))
      .onComplete(v -> frames.close()))
      .eventually(net::close)
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("SockJS over its raw WebSocket transport: a templates call answers (snake_case body)")
  void sockJsBridge(Vertx client, VertxTestContext ctx) {
    WebSocketClient webSockets = client.createWebSocketClient(); // referenced until closed, as above
    webSockets.connect(worker.httpPort(), "127.0.0.1", "/eventbus/websocket").compose(ws -> {
      Promise<JsonObject> answer = Promise.promise();
      ws.handler(frame -> answer.tryComplete(frame.toJsonObject()));
      return ws.writeTextMessage(new JsonObject().put("type", "send").put("address", "tasker.worker.templates").put("replyAddress", "s1")
          .put("headers", new JsonObject().put("action", "list")).put("body", new JsonObject().put("include_cache_stats", true)).encode())
        .compose(v -> answer.future())
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertEquals(3, reply.getJsonObject("body").getInteger("template_count"), reply.encode());
          assertThat(reply.getJsonObject("body").containsKey("cache_stats")).isTrue();
        })))
        .compose(v -> ws.close());
    }).eventually(webSockets::close).onComplete(ctx.succeedingThenComplete());
  }
}
