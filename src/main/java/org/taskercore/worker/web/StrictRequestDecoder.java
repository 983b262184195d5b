package org.taskercore.worker.web;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpMessage;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Vert.x's HTTP/1.x request decoder, except that a request with both {@code Content-Length} and
 * {@code Transfer-Encoding: chunked} is marked unreadable instead of quietly losing its
 * {@code Content-Length} (Netty's default), so it reaches {@link RequestFraming#invalid} and is
 * refused with the connection closed (RFC 9112 §6.1): a proxy in front that framed it by its
 * length cannot smuggle a second request past this server. Netty removes the header before any
 * handler after the decoder sees it, so the decoder is the one place that can tell.
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {

  /** The decoder's verdict on such a request, read by {@link RequestFraming#invalid}. */
  static final class AmbiguousFraming extends IllegalArgumentException {
    AmbiguousFraming() {
      super("both Content-Length and Transfer-Encoding", null);
    }
  }

  private StrictRequestDecoder(HttpServerOptions options) {
    super(options);
  }

  /** For {@code HttpServer.connectionHandler}: puts this decoder in place of Vert.x's on an HTTP/1.x connection. */
  static void install(HttpConnection connection, HttpServerOptions options) {
    if (connection instanceof ConnectionBase base) {
      ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
      if (pipeline.get("httpDecoder") instanceof VertxHttpRequestDecoder) {
        pipeline.replace("httpDecoder", "httpDecoder", new StrictRequestDecoder(options));
      }
    }
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    super.handleTransferEncodingChunkedWithContentLength(message);
    message.setDecoderResult(DecoderResult.failure(new AmbiguousFraming()));
  }
}
