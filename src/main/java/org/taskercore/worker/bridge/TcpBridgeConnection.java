package org.taskercore.worker.bridge;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.ext.bridge.BridgeEventType;
import org.taskercore.worker.access.AccessDenied;
import org.taskercore.worker.logging.LogThrottle;
import org.taskercore.worker.protocol.FailureCodes;

import java.util.HashMap;
import java.util.Map;

/**
 * One client of the TCP bridge. Frames are read with Vert.x's {@code RecordParser}: the 4-byte
 * length first, checked against {@code max_frame_bytes} before a byte of the body is kept, then
 * exactly that many bytes. A frame longer than allowed (or of a negative length) is answered with
 * one error frame and the connection closed; a frame that is empty, not a JSON object, or of an
 * unknown type is answered with an error frame (400) and the connection kept. Types: {@code send}
 * (a call, answered at its {@code replyAddress}), {@code publish}, {@code register} /
 * {@code unregister} (forwarded domain events) and {@code ping}.
 */
final class TcpBridgeConnection {

  /** Registrations one connection may hold: each is a bus consumer. */
  static final int MAX_REGISTRATIONS = 256;

  private final Vertx vertx;
  private final NetSocket socket;
  private final BridgeAccess access;
  private final int maxFrameBytes;
  private final LogThrottle problems;
  private final Map<String, MessageConsumer<Object>> registrations = new HashMap<>();
  private RecordParser parser;
  private boolean readingLength = true;
  private boolean closing;
  private boolean paused;

  TcpBridgeConnection(Vertx vertx, NetSocket socket, BridgeAccess access, int maxFrameBytes,
                      LogThrottle problems) {
    this.vertx = vertx;
    this.socket = socket;
    this.access = access;
    this.maxFrameBytes = maxFrameBytes;
    this.problems = problems;
  }

  /** Answers one error frame and closes: for a connection refused before it is served. */
  static void refuse(NetSocket socket, String why) {
    socket.write(frame(error(FailureCodes.NOT_RUNNING, why, null))).eventually(socket::close);
  }

  void start(Runnable onClose) {
    parser = RecordParser.newFixed(4, this::record);
    socket.handler(parser);
    socket.exceptionHandler(e -> {
      problems.warn("socket", "TCP bridge connection from {} failed: {}", socket.remoteAddress(), String.valueOf(e.getMessage()));
      socket.close();
    });
    socket.closeHandler(v -> {
      registrations.values().forEach(MessageConsumer::unregister);
      registrations.clear();
      onClose.run();
    });
  }

  private void record(Buffer record) {
    if (closing) {
      return; // the rest of a buffer that arrived with a refused frame
    }
    if (readingLength) {
      int length = record.getInt(0);
      if (length == 0) {
        answer(error(FailureCodes.INVALID_ARGUMENT, "empty frame", null), "empty");
      } else if (length < 0 || length > maxFrameBytes) {
        closing = true;
        socket.pause(); // read nothing more of it
        problems.warn("oversized", "TCP bridge closed a connection from {}: frame of {} bytes declared (worker.bridge.max_frame_bytes = {})",
          socket.remoteAddress(), Integer.toUnsignedLong(length), maxFrameBytes);
        socket.write(frame(error(FailureCodes.PAYLOAD_TOO_LARGE, "frame of " + Integer.toUnsignedLong(length)
          + " bytes declared; at most " + maxFrameBytes + " (worker.bridge.max_frame_bytes)", null))).eventually(socket::close);
      } else {
        readingLength = false;
        parser.fixedSizeMode(length);
      }
      return;
    }
    readingLength = true;
    parser.fixedSizeMode(4);
    JsonObject message;
    try {
      message = record.toJsonObject();
    } catch (RuntimeException notJson) {
      answer(error(FailureCodes.INVALID_ARGUMENT, "frame is not a JSON object (or is nested too deeply)", null), "malformed");
      return;
    }
    handle(message);
  }

  private void handle(JsonObject message) {
    Object type = message.getValue("type");
    if ("ping".equals(type)) {
      write(new JsonObject().put("type", "pong"));
      return;
    }
    String address = message.getValue("address") instanceof String a ? a : null;
    String replyAddress = message.getValue("replyAddress") instanceof String r ? r : null;
    if (address == null) {
      answer(error(FailureCodes.INVALID_ARGUMENT, "missing_address", replyAddress), "malformed");
      return;
    }
    switch (String.valueOf(type)) {
      case "send", "publish" -> call("send".equals(type), address, replyAddress, message);
      case "register" -> register(address, message);
      case "unregister" -> unregister(address);
      default -> answer(error(FailureCodes.INVALID_ARGUMENT, "unknown_type: expected send, publish, register, unregister or ping",
        replyAddress), "malformed");
    }
  }

  private void call(boolean send, String address, String replyAddress, JsonObject message) {
    if (!BridgePermissions.SERVICES.matcher(address).matches()) {
      write(error(FailureCodes.FORBIDDEN, "access_denied", replyAddress));
      return;
    }
    access.admit(send ? BridgeEventType.SEND : BridgeEventType.PUBLISH, message).onSuccess(v -> {
      DeliveryOptions options = new DeliveryOptions();
      message.getJsonObject("headers").forEach(h -> options.addHeader(h.getKey(), (String) h.getValue()));
      Object body = message.getValue("body");
      if (!send) {
        vertx.eventBus().publish(address, body, options);
      } else if (replyAddress == null) {
        vertx.eventBus().send(address, body, options);
      } else {
        vertx.eventBus().request(address, body, options).onComplete(ar -> write(ar.succeeded()
          ? reply(replyAddress, ar.result()) : failure(replyAddress, ar.cause())));
      }
    });
  }

  private void register(String address, JsonObject message) {
    if (!BridgePermissions.FORWARDED_EVENTS.matcher(address).matches()) {
      write(error(FailureCodes.FORBIDDEN, "access_denied", address));
      return;
    }
    access.admit(BridgeEventType.REGISTER, message).onComplete(ar -> {
      if (ar.failed()) {
        int code = ar.cause() instanceof AccessDenied denied ? denied.status() : FailureCodes.INTERNAL;
        write(error(code, ar.cause() instanceof AccessDenied ? ar.cause().getMessage() : "access_denied", address));
      } else if (registrations.size() >= MAX_REGISTRATIONS && !registrations.containsKey(address)) {
        write(error(FailureCodes.INVALID_ARGUMENT, "at most " + MAX_REGISTRATIONS + " registrations per connection", address));
      } else if (!registrations.containsKey(address)) {
        registrations.put(address, vertx.eventBus().consumer(address, m -> push(reply(m.address(), m))));
      }
    });
  }

  private void unregister(String address) {
    MessageConsumer<Object> consumer = registrations.remove(address);
    if (consumer == null) {
      write(error(FailureCodes.NOT_FOUND, "unknown_address", address));
    } else {
      consumer.unregister();
    }
  }

  /** An error frame for what the client sent, logged at most once a second per kind. */
  private void answer(JsonObject error, String kind) {
    problems.info(kind, "TCP bridge refused a frame from {}: {}", socket.remoteAddress(), error.getString("message"));
    write(error);
  }

  /**
   * Writes an answer. When the client reads more slowly than it asks, the connection stops reading
   * its frames until what is queued has gone: a client cannot make the worker hold its answers
   * without bound.
   */
  private void write(JsonObject message) {
    if (closing) {
      return;
    }
    socket.write(frame(message));
    if (socket.writeQueueFull() && !paused) {
      paused = true;
      socket.pause();
      socket.drainHandler(v -> {
        paused = false;
        socket.resume();
      });
    }
  }

  /** Pushes an event a client registered for; one that is not reading them loses them rather than the worker its memory. */
  private void push(JsonObject event) {
    if (socket.writeQueueFull()) {
      problems.warn("slow", "TCP bridge dropped an event for {}: it reads its events too slowly", socket.remoteAddress());
      return;
    }
    socket.write(frame(event));
  }

  private static JsonObject reply(String address, Message<Object> message) {
    JsonObject headers = new JsonObject();
    message.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
    return new JsonObject().put("type", "message").put("address", address).put("headers", headers)
      .put("send", message.isSend()).put("body", message.body());
  }

  private static JsonObject failure(String address, Throwable cause) {
    JsonObject frame = error(cause instanceof ReplyException r ? r.failureCode() : FailureCodes.INTERNAL,
      String.valueOf(cause.getMessage()), address);
    if (cause instanceof ReplyException r) {
      frame.put("failureType", r.failureType().name());
    }
    return frame;
  }

  private static JsonObject error(int code, String message, String address) {
    JsonObject frame = new JsonObject().put("type", "err").put("failureCode", code).put("message", message);
    return address == null ? frame : frame.put("address", address);
  }

  private static Buffer frame(JsonObject message) {
    Buffer body = message.toBuffer();
    return Buffer.buffer(body.length() + 4).appendInt(body.length()).appendBuffer(body);
  }
}
