package org.taskercore.worker.bridge;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.core.net.NetServerOptions;
import org.taskercore.worker.service.BridgeAccess;
import org.taskercore.worker.service.BridgePermissions;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP event-bus bridge ({@code worker.bridge.*}): a client in any language sends framed JSON
 * ({@code {"type":"send","address":"tasker.worker.health","replyAddress":"r1","headers":{"action":"detailed"},"body":{}}},
 * each frame a 4-byte big-endian length then UTF-8 JSON) and reads the service's answer.
 */
public final class TcpBridgeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(TcpBridgeVerticle.class);

  private final String host;
  private final int port;
  private final BridgeAccess access;
  private TcpEventBusBridge bridge;

  public TcpBridgeVerticle(String host, int port, BridgeAccess access) {
    this.host = host;
    this.port = port;
    this.access = access;
  }

  @Override
  public Future<?> start() {
    bridge = TcpEventBusBridge.create(vertx, BridgePermissions.services(new BridgeOptions()), new NetServerOptions(),
      access::handle);
    return bridge.listen(port, host).onSuccess(b -> LOG.info("TCP event-bus bridge on {}:{}", host, port));
  }

  @Override
  public Future<?> stop() {
    return bridge == null ? Future.succeededFuture() : bridge.close();
  }
}
