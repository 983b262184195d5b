package org.taskercore.worker.bridge;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.support.Await;
import org.taskercore.worker.support.TestWorkers;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("Non-Java clients: the TCP bridge and the SockJS bridge reach the services, and only them")
class BridgeTest {

  static TaskerWorker worker;
  static int bridgePort;
  static Vertx client;

  @BeforeAll
  static void start() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      bridgePort = socket.getLocalPort();
    }
    worker = TestWorkers.start(c -> c.set("worker.bridge.enabled", true).set("worker.bridge.bind_address", "127.0.0.1:" + bridgePort)
      .set("worker.web.enabled", true).set("worker.web.bind_address", "127.0.0.1:0").set("worker.web.sockjs_bridge", true)
      .set("worker.events.forward_to_bus", true));
    client = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    Await.result(client.close());
    Await.result(worker.stop());
  }

  @Test
  @DisplayName("TCP frames: a health call answers; a step address is denied; an unknown action answers 400; domain events arrive")
  void tcpBridge() throws InterruptedException {
    LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    NetSocket socket = Await.result(client.createNetClient().connect(bridgePort, "127.0.0.1"));
    RecordParser parser = RecordParser.newFixed(4);
    parser.handler(new io.vertx.core.Handler<Buffer>() {
      int length = -1;

      @Override
      public void handle(Buffer buffer) {
        if (length < 0) {
          length = buffer.getInt(0);
          parser.fixedSizeMode(length);
        } else {
          frames.add(buffer.toJsonObject());
          length = -1;
          parser.fixedSizeMode(4);
        }
      }
    });
    socket.handler(parser);

    send(socket, new JsonObject().put("type", "send").put("address", "tasker.worker." + worker.workerId() + ".health")
      .put("replyAddress", "r1").put("headers", new JsonObject().put("action", "detailed")).put("body", new JsonObject()));
    JsonObject reply = frames.poll(10, TimeUnit.SECONDS);
    assertEquals("message", reply.getString("type"), String.valueOf(reply));
    assertEquals(worker.workerId(), reply.getJsonObject("body").getString("worker_id"));
    assertThat(reply.getJsonObject("body").getJsonObject("checks").fieldNames()).contains("database", "template_cache");

    send(socket, new JsonObject().put("type", "send").put("address", "tasker.steps.payments").put("replyAddress", "r2")
      .put("body", new JsonObject()));
    JsonObject denied = frames.poll(10, TimeUnit.SECONDS);
    assertEquals("err", denied.getString("type"));
    assertEquals("access_denied", denied.getString("message"));

    send(socket, new JsonObject().put("type", "send").put("address", "tasker.worker.config").put("replyAddress", "r3")
      .put("headers", new JsonObject().put("action", "shutdown")).put("body", new JsonObject()));
    JsonObject refused = frames.poll(10, TimeUnit.SECONDS);
    assertEquals("err", refused.getString("type"), String.valueOf(refused));
    assertEquals(400, refused.getInteger("failureCode"));

    send(socket, new JsonObject().put("type", "register").put("address", "tasker.events.fast.notification.delivered"));
    Await.result(worker.tasks().run(org.taskercore.worker.templates.TemplateKey.parse("notifications/send_notification/1.0.0"),
      new JsonObject()));
    JsonObject event = frames.poll(10, TimeUnit.SECONDS);
    assertEquals("message", event.getString("type"), String.valueOf(event));
    assertEquals("tasker.events.fast.notification.delivered", event.getString("address"));
    assertEquals("notification.delivered", event.getJsonObject("body").getString("name"));
    assertEquals(worker.workerId(), event.getJsonObject("body").getJsonObject("payload").getString("worker_id"));
    Await.result(socket.close());
  }

  @Test
  @DisplayName("SockJS over its raw WebSocket transport: a templates call answers")
  void sockJsBridge() {
    WebSocket ws = Await.result(client.createWebSocketClient().connect(worker.httpPort(), "127.0.0.1", "/eventbus/websocket"));
    Promise<JsonObject> answer = Promise.promise();
    ws.handler(frame -> answer.tryComplete(frame.toJsonObject()));
    ws.writeTextMessage(new JsonObject().put("type", "send").put("address", "tasker.worker.templates").put("replyAddress", "s1")
      .put("headers", new JsonObject().put("action", "list")).put("body", new JsonObject().put("includeCacheStats", true)).encode());
    JsonObject reply = Await.result(answer.future());
    assertEquals(3, reply.getJsonObject("body").getInteger("template_count"), reply.encode());
    Await.result(ws.close());
  }

  private static void send(NetSocket socket, JsonObject frame) {
    Buffer body = frame.toBuffer();
    Future<Void> written = socket.write(Buffer.buffer().appendInt(body.length()).appendBuffer(body));
    Await.result(written);
  }
}
