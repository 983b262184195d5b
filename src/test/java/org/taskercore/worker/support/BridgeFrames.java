package org.taskercore.worker.support;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Function;

/**
 * A bridge connection's frames, taken one at a time: over TCP (a 4-byte length, then JSON) or
 * over SockJS's raw WebSocket transport (one JSON text message a frame).
 */
public final class BridgeFrames {

  private final Deque<JsonObject> arrived = new ArrayDeque<>();
  private final Deque<Promise<JsonObject>> waiting = new ArrayDeque<>();
  private final Function<JsonObject, Future<Void>> writer;
  private final Handler<Void> closer;
  private final Promise<Void> closed = Promise.promise();
  private NetSocket socket;

  private BridgeFrames(Function<JsonObject, Future<Void>> writer, Handler<Void> closer) {
    this.writer = writer;
    this.closer = closer;
  }

  /** The TCP bridge's frames on a connected socket. */
  public BridgeFrames(NetSocket socket) {
    this(frame -> socket.write(lengthPrefixed(frame.toBuffer())), v -> socket.close());
    RecordParser parser = RecordParser.newFixed(4);
    parser.handler(new Handler<Buffer>() {
      int length = -1;

      @Override
      public void handle(Buffer buffer) {
        if (length < 0) {
          length = buffer.getInt(0);
          parser.fixedSizeMode(length);
        } else {
          arrive(buffer.toJsonObject());
          length = -1;
          parser.fixedSizeMode(4);
        }
      }
    });
    socket.handler(parser);
    socket.closeHandler(v -> closed.tryComplete());
    this.socket = socket;
  }

  /** Writes bytes as they are, whatever they declare (TCP only). */
  public Future<Void> raw(Buffer bytes) {
    return socket.write(bytes);
  }

  /** Completes when the worker has closed the connection (TCP only). */
  public Future<Void> closed() {
    return closed.future();
  }

  /** The SockJS bridge's frames on its raw WebSocket transport. */
  public static BridgeFrames sockJs(WebSocket ws) {
    BridgeFrames frames = new BridgeFrames(frame -> ws.writeTextMessage(frame.encode()), v -> ws.close());
    ws.handler(buffer -> frames.arrive(buffer.toJsonObject()));
    return frames;
  }

  public static Buffer lengthPrefixed(Buffer body) {
    return Buffer.buffer().appendInt(body.length()).appendBuffer(body);
  }

  /** Writes a frame without waiting for an answer (a register frame has none). */
  public Future<Void> write(JsonObject frame) {
    return writer.apply(frame);
  }

  /** Sends a frame and answers the next one to arrive. */
  public Future<JsonObject> send(JsonObject frame) {
    return write(frame).compose(v -> next());
  }

  public synchronized Future<JsonObject> next() {
    JsonObject ready = arrived.poll();
    if (ready != null) {
      return Future.succeededFuture(ready);
    }
    Promise<JsonObject> taker = Promise.promise();
    waiting.add(taker);
    return taker.future();
  }

  public void close() {
    closer.handle(null);
  }

  private synchronized void arrive(JsonObject frame) {
    Promise<JsonObject> taker = waiting.poll();
    if (taker != null) {
      taker.complete(frame);
    } else {
      arrived.add(frame);
    }
  }
}
