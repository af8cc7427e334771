package dev.gatehouse.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The request deadline ({@code server.requestTimeout}): from the first byte of a request to the last of it (line,
 * headers, body) may take this long at most. A client that trickles its request a byte at a time (slowloris) is
 * never idle, so the idle timeout alone would let it hold its connection for ever; this one answers 408 and closes.
 * It sits at the head of the pipeline, where bytes arrive, and learns that a whole request arrived from {@link
 * #REQUEST_RECEIVED}. The time a request is worked on does not count. One per connection: not sharable.
 */
final class SlowRequests extends ChannelDuplexHandler {
  /** Fired through the pipeline when a whole request has been read. */
  static final Object REQUEST_RECEIVED = new Object() {
    @Override
    public String toString() {
      return "REQUEST_RECEIVED";
    }
  };

  private final Duration timeout;
  private ScheduledFuture<?> deadline;

  SlowRequests(Duration timeout) {
    this.timeout = timeout;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (deadline == null && msg instanceof ByteBuf bytes && bytes.isReadable()) {
      deadline = ctx.executor().schedule(() -> expire(ctx), timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event == REQUEST_RECEIVED) {
      cancel();
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancel();
    super.channelInactive(ctx);
  }

  private void cancel() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }

  private void expire(ChannelHandlerContext ctx) {
    deadline = null;
    byte[] body = ("the request did not arrive whole within %d ms (server.requestTimeout)\n"
        .formatted(timeout.toMillis())).getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 408 Request Timeout\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
        + body.length + "\r\nConnection: close\r\n\r\n";
    // Written below the codec, as raw bytes: the decoder still holds a request it never finished.
    ctx.writeAndFlush(Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.ISO_8859_1), body))
        .addListener(ChannelFutureListener.CLOSE);
  }

}
