package org.taskercore.worker.bridge;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.taskercore.worker.TaskerWorker;
import org.taskercore.worker.support.BridgeFrames;
import org.taskercore.worker.support.Waits;
import org.taskercore.worker.support.TestSockets;
import org.taskercore.worker.support.TestWorkers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The TCP bridge against a client that does not follow its framing: declared lengths it must not
 * believe, bytes that are not a frame, silence, and more connections than it serves.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("TCP bridge framing: bounded frames, error frames for malformed ones, idle and half-sent connections closed, a connection cap")
class BridgeFramingTest {

  private static final int MAX_FRAME = 64 * 1024;

  @Test
  @DisplayName("a declared length over max_frame_bytes, or negative (0xFFFFFFFF), gets one 413 error frame and the connection closed")
  void oversizedAndNegativeLengths(Vertx vertx, VertxTestContext ctx) {
    withWorker(vertx, 60_000, 1000, port -> {
      Future<Void> chain = Future.succeededFuture();
      for (int declared : new int[] {MAX_FRAME + 1, Integer.MAX_VALUE, 0xFFFFFFFF}) {
        chain = chain.compose(v -> connect(vertx, port, frames -> frames.raw(Buffer.buffer().appendInt(declared)
            .appendBuffer(Buffer.buffer(new byte[8 * 1024])))
          .compose(w -> frames.next())
          .map(refusal -> {
            ctx.verify(() -> {
              assertEquals("err", refusal.getString("type"), refusal.encode());
              assertEquals(413, refusal.getInteger("failureCode"), refusal.encode());
              assertThat(refusal.getString("message")).contains(Integer.toUnsignedString(declared), "max_frame_bytes");
            });
            return frames;
          })
          .compose(f -> f.closed())));
      }
      return chain;
    }).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("empty, non-JSON, non-object, too deeply nested, untyped and unaddressed frames each get a 400 error frame; the connection serves on")
  void malformedFrames(Vertx vertx, VertxTestContext ctx) {
    List<Buffer> malformed = List.of(
      Buffer.buffer(),
      Buffer.buffer("this is not JSON"),
      Buffer.buffer("[1,2,3]"),
      Buffer.buffer("{\"a\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}"),
      Buffer.buffer("{\"type\":\"bogus\",\"address\":\"tasker.worker.health\"}"),
      Buffer.buffer("{\"type\":\"send\",\"replyAddress\":\"r1\"}"),
      Buffer.buffer("{\"type\":\"send\",\"address\":\"tasker.worker.health\",\"replyAddress\":\"r2\",\"headers\":{\"action\":[\"live\"]}}"));
    withWorker(vertx, 60_000, 1000, port -> connect(vertx, port, frames -> {
      Future<Void> chain = Future.succeededFuture();
      for (Buffer body : malformed) {
        chain = chain.compose(v -> frames.raw(BridgeFrames.lengthPrefixed(body))).compose(v -> frames.next()).map(answer -> {
          ctx.verify(() -> {
            assertEquals("err", answer.getString("type"), body.length() > 80 ? "deep nesting" : body.toString());
            assertEquals(400, answer.getInteger("failureCode"), answer.encode());
          });
          return null;
        });
      }
      return chain.compose(v -> frames.send(new JsonObject().put("type", "ping"))).map(pong -> {
        ctx.verify(() -> assertEquals("pong", pong.getString("type")));
        return null;
      });
    })).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("idle_timeout_ms closes a connection that sends nothing, and one that stalls half-way through a frame")
  void idleAndStalledClosed(Vertx vertx, VertxTestContext ctx) {
    withWorker(vertx, 500, 1000, port -> connect(vertx, port, BridgeFrames::closed)
      .compose(v -> connect(vertx, port, frames -> frames.raw(Buffer.buffer().appendInt(100).appendString("{\"type\":"))
        .compose(w -> frames.closed()))))
      .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("max_connections: the connection beyond it gets an error frame and is closed; once one closes, a new one is served")
  void connectionCap(Vertx vertx, VertxTestContext ctx) {
    NetClient net = vertx.createNetClient();
    List<BridgeFrames> open = new ArrayList<>();
    withWorker(vertx, 60_000, 3, port -> {
      Future<Void> chain = Future.succeededFuture();
      for (int i = 0; i < 3; i++) {
        chain = chain.compose(v -> net.connect(port, "127.0.0.1").map(BridgeFrames::new)
          .compose(frames -> frames.send(new JsonObject().put("type", "ping")).map(pong -> open.add(frames))).mapEmpty());
      }
      return chain
        .compose(v -> net.connect(port, "127.0.0.1").map(BridgeFrames::new))
        .compose(refused -> refused.next().map(frame -> {
          ctx.verify(() -> {
            assertEquals("err", frame.getString("type"));
            assertThat(frame.getString("message")).contains("too many connections");
          });
          return refused;
        }).compose(BridgeFrames::closed))
        .compose(v -> {
          open.remove(0).close();
          return Waits.eventuallyAsync(vertx, () -> net.connect(port, "127.0.0.1").map(BridgeFrames::new)
            .compose(frames -> frames.send(new JsonObject().put("type", "ping")).map(pong -> {
              open.add(frames);
              return "pong".equals(pong.getString("type"));
            })), Duration.ofSeconds(10), "a connection served again after one closed");
        });
    }).eventually(() -> {
      open.forEach(BridgeFrames::close);
      return net.close();
    }).onComplete(ctx.succeedingThenComplete());
  }

  /** A worker with its TCP bridge on a free loopback port and these limits, stopped after {@code test}. */
  private static Future<Void> withWorker(Vertx vertx, long idleMs, int maxConnections, Function<Integer, Future<?>> test) {
    int port = TestSockets.freePort();
    return TestWorkers.starting(c -> c.set("worker.bridge.enabled", true).set("worker.bridge.bind_address", "127.0.0.1:" + port)
        .set("worker.bridge.max_frame_bytes", MAX_FRAME).set("worker.bridge.idle_timeout_ms", idleMs)
        .set("worker.bridge.max_connections", maxConnections))
      .compose(worker -> test.apply(port).<Void>mapEmpty().eventually(worker::stop));
  }

  private static Future<Void> connect(Vertx vertx, int port, Function<BridgeFrames, Future<?>> exchange) {
    NetClient net = vertx.createNetClient(); // referenced until closed: Vert.x closes an unreferenced client
    return net.connect(port, "127.0.0.1").map(BridgeFrames::new)
      .compose(frames -> exchange.apply(frames).eventually(() -> {
        frames.close();
        return Future.succeededFuture();
      }))
      .eventually(net::close).mapEmpty();
  }
}
