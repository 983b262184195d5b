package org.taskercore.worker.support;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

import java.util.ArrayDeque;
import java.util.Deque;

/** A TCP event-bus bridge connection's frames (a 4-byte length, then JSON), taken one at a time. */
public final class BridgeFrames {

  private final Deque<JsonObject> arrived = new ArrayDeque<>();
  private final Deque<Promise<JsonObject>> waiting = new ArrayDeque<>();
  private final NetSocket socket;

  public BridgeFrames(NetSocket socket) {
    this.socket = socket;
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
  }

  public NetSocket socket() {
    return socket;
  }

  /** Writes a frame without waiting for an answer (a register frame has none). */
  public Future<Void> write(JsonObject frame) {
    Buffer body = frame.toBuffer();
    return socket.write(Buffer.buffer().appendInt(body.length()).appendBuffer(body));
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

  private synchronized void arrive(JsonObject frame) {
    Promise<JsonObject> taker = waiting.poll();
    if (taker != null) {
      taker.complete(frame);
    } else {
      arrived.add(frame);
    }
  }
}
