package dev.gatehouse.proxy.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The cap on open connections from one client address ({@code server.maxConnectionsPerClient}), so that one
 * machine cannot take every connection a server can hold. A connection over the cap is answered 503 with {@code
 * Retry-After} and closed before anything of it is read. Behind a reverse proxy every client shares the proxy's
 * address: raise the cap there. Shared by all connections.
 */
@Sharable
final class ClientConnections extends ChannelInboundHandlerAdapter {
  private static final AttributeKey<InetAddress> COUNTED = AttributeKey.valueOf("gatehouse.counted-client");

  private final int max;
  private final ConcurrentMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

  ClientConnections(int max) {
    this.max = max;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    InetAddress client = address(ctx.channel().remoteAddress());
    if (client == null) {
      super.channelActive(ctx);
      return;
    }
    int count = open.merge(client, 1, Integer::sum);
    ctx.channel().attr(COUNTED).set(client);
    if (count > max) {
      byte[] body = ("%s has %d connections open to Gatehouse, more than server.maxConnectionsPerClient (%d)\n"
          .formatted(client.getHostAddress(), count - 1, max)).getBytes(StandardCharsets.UTF_8);
      String head = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nRetry-After: 5\r\n"
          + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
      ctx.writeAndFlush(Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.ISO_8859_1), body))
          .addListener(ChannelFutureListener.CLOSE);
      ctx.channel().config().setAutoRead(false);
      return;
    }
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    InetAddress client = ctx.channel().attr(COUNTED).getAndSet(null);
    if (client != null) {
      open.computeIfPresent(client, (a, n) -> n <= 1 ? null : n - 1);
    }
    super.channelInactive(ctx);
  }

  /** Open connections from {@code client}, for tests and metrics. */
  int openFrom(InetAddress client) {
    return open.getOrDefault(client, 0);
  }

  private static InetAddress address(SocketAddress remote) {
    return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
  }
}
