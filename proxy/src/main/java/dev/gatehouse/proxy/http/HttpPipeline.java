package dev.gatehouse.proxy.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateHandler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;

/**
 * The pipeline of one connection: decode with bounded request line and headers, aggregate a bounded body,
 * handle. Only admin API requests carry bodies; artifact requests are bodiless GETs and HEADs.
 */
final class HttpPipeline extends ChannelInitializer<Channel> {
  /**
   * A connection on which nothing was read or written for this long, with no request in flight, is closed:
   * idle keep-alive connections and clients that stall mid-request (slowloris) hold no resources for ever.
   * Build tools reopen connections at once. A request still being worked on (a long first fetch) is exempt.
   */
  static final int IDLE_CONNECTION_SECONDS = 120;

  private final HttpLimits limits;
  private final ClientConnections clients;
  private final RequestHandler handler;

  /** @param streaming copies streamed bodies ({@link HttpReply.StreamBody}), off the event loop */
  HttpPipeline(HttpLimits limits, Router router, MeterRegistry meters, Executor streaming) {
    this.limits = limits;
    this.clients = new ClientConnections(limits.maxConnectionsPerClient());
    this.handler = new RequestHandler(router, meters, limits, streaming);
  }

  @Override
  protected void initChannel(Channel channel) {
    channel.pipeline()
        .addLast("clients", clients)
        .addLast("deadline", new SlowRequests(limits.requestTimeout()))
        .addLast("idle", new IdleStateHandler(0, 0, IDLE_CONNECTION_SECONDS))
        .addLast("codec", new HttpServerCodec(limits.maxInitialLineLength(), limits.maxHeaderSize(), 8192))
        .addLast("aggregator", new BoundedAggregator(limits.maxRequestBodyBytes()))
        .addLast("in-order", new PipelinedRequests())
        .addLast("handler", handler);
  }

  /** Netty's aggregator answers an oversized body with a bare 413; this one says which limit was hit. */
  private static final class BoundedAggregator extends HttpObjectAggregator {
    private final int max;

    BoundedAggregator(int max) {
      super(max);
      this.max = max;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
      byte[] body = ("the request body is larger than %d bytes (server.maxRequestBodyBytes)\n".formatted(max))
          .getBytes(StandardCharsets.UTF_8);
      FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
          HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.wrappedBuffer(body));
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
      response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
      response.headers().set(HttpHeaderNames.CONNECTION, "close");
      // The rest of the body is still on the wire, so the connection cannot carry another request.
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
