package dev.gatehouse.proxy.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Answers pipelined requests in order (RFC 9112 §9.3.2). Pausing reads while a request is in flight is not enough:
 * requests a client wrote back to back arrive in one read and are decoded together, and their work completes on
 * other threads in any order. So each request that arrives while another is in flight waits here, and is handed
 * on when that one's response is written ({@link #RESPONSE_WRITTEN}). A client that pipelines more than {@link
 * #MAX_WAITING} requests is cut off rather than buffered without bound. One per connection: not sharable.
 */
final class PipelinedRequests extends ChannelDuplexHandler {
  /** Fired through the pipeline when a response has been written, so that the next request may go. */
  static final Object RESPONSE_WRITTEN = new Object() {
    @Override
    public String toString() {
      return "RESPONSE_WRITTEN";
    }
  };

  /** Requests one connection may have waiting behind the one in flight. */
  static final int MAX_WAITING = 16;

  private final Queue<FullHttpRequest> waiting = new ArrayDeque<>();
  private boolean inFlight;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest request)) {
      ctx.fireChannelRead(msg);
      return;
    }
    ctx.pipeline().fireUserEventTriggered(SlowRequests.REQUEST_RECEIVED);
    if (!inFlight) {
      inFlight = true;
      ctx.fireChannelRead(request);
      return;
    }
    if (waiting.size() >= MAX_WAITING) {
      ReferenceCountUtil.release(request);
      ctx.close();
      return;
    }
    waiting.add(request);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event != RESPONSE_WRITTEN) {
      super.userEventTriggered(ctx, event);
      return;
    }
    FullHttpRequest next = waiting.poll();
    if (next != null) {
      ctx.fireChannelRead(next);
    } else {
      inFlight = false;
      ctx.channel().config().setAutoRead(true);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    FullHttpRequest left;
    while ((left = waiting.poll()) != null) {
      ReferenceCountUtil.release(left);
    }
    super.channelInactive(ctx);
  }
}
