package org.taskercore.worker.bridge;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.taskercore.worker.config.TaskerConfig;
import org.taskercore.worker.logging.LogThrottle;

import java.util.concurrent.TimeUnit;

/**
 * The TCP event-bus bridge ({@code worker.bridge.*}): a client in any language sends framed JSON
 * ({@code {"type":"send","address":"tasker.worker.health","replyAddress":"r1","headers":{"action":"detailed"},"body":{}}},
 * each frame a 4-byte big-endian length then UTF-8 JSON) and reads the service's answer. The wire
 * format is vertx-tcp-eventbus-bridge's; the endpoint is Vert.x's {@code NetServer} because that
 * library trusts a frame's declared length and offers no hook before its parser. Every connection
 * is bounded: frame size, silence ({@code idle_timeout_ms}, a stalled half frame included) and how
 * many connections are open at once.
 */
public final class TcpBridgeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(TcpBridgeVerticle.class);

  private final TaskerConfig.Bridge settings;
  private final BridgeAccess access;
  private final LogThrottle problems = new LogThrottle(LoggerFactory.getLogger(TcpBridgeConnection.class));
  private NetServer server;
  private int open;

  public TcpBridgeVerticle(TaskerConfig.Bridge settings, BridgeAccess access) {
    this.settings = settings;
    this.access = access;
  }

  @Override
  public Future<?> start() {
    // Idle means nothing read: a subscriber that only listens sends a ping frame now and then.
    server = vertx.createNetServer(new NetServerOptions().setReadIdleTimeout((int) settings.idleTimeoutMs())
      .setIdleTimeoutUnit(TimeUnit.MILLISECONDS));
    server.connectHandler(this::accept);
    return server.listen(settings.port(), settings.host())
      .onSuccess(s -> LOG.info("TCP event-bus bridge on {}:{}", settings.host(), s.actualPort()));
  }

  /** The port bound (useful with port 0); -1 before start. */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  private void accept(NetSocket socket) {
    if (open >= settings.maxConnections()) {
      problems.warn("connections", "TCP bridge refused a connection from {}: {} open (worker.bridge.max_connections)",
        socket.remoteAddress(), open);
      TcpBridgeConnection.refuse(socket, "too many connections (" + settings.maxConnections() + ")");
      return;
    }
    open++;
    new TcpBridgeConnection(vertx, socket, access, settings.maxFrameBytes(), problems).start(() -> open--);
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
