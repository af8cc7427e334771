package dev.gatehouse.proxy.http;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Gatehouse's HTTP/1.1 listener. The event loop threads ({@code gatehouse-io-N}) only parse and write;
 * routes move every blocking call to the blocking executor.
 */
public final class HttpServer implements AutoCloseable {
  private final String host;
  private final int port;
  private final HttpPipeline pipeline;
  /** Copies streamed bodies: their reads may block, so never on the event loop. Threads end when idle. */
  private final ExecutorService streaming =
      Executors.newCachedThreadPool(new DefaultThreadFactory("gatehouse-stream", true));
  private EventLoopGroup boss;
  private EventLoopGroup workers;
  private Channel channel;

  public HttpServer(String host, int port, HttpLimits limits, Router router, MeterRegistry meters) {
    this.host = requireNonNull(host, "host");
    this.port = port;
    this.pipeline = new HttpPipeline(requireNonNull(limits, "limits"), requireNonNull(router, "router"),
        requireNonNull(meters, "meters"), streaming);
  }

  /** Binds and returns the bound port (the chosen one when configured with 0). */
  public synchronized int start() throws IOException {
    if (channel != null) {
      throw new IllegalStateException("already started");
    }
    boss = new NioEventLoopGroup(1, new DefaultThreadFactory("gatehouse-accept"));
    workers = new NioEventLoopGroup(0, new DefaultThreadFactory("gatehouse-io"));
    try {
      channel = new ServerBootstrap()
          .group(boss, workers)
          .channel(NioServerSocketChannel.class)
          .option(ChannelOption.SO_BACKLOG, 1024)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(pipeline)
          .bind(new InetSocketAddress(host, port))
          .sync()
          .channel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IOException("interrupted while binding " + host + ":" + port, e);
    } catch (Exception e) { // Netty rethrows the bind's checked exception without declaring it
      close();
      throw new IOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public synchronized void close() {
    if (channel != null) {
      channel.close().syncUninterruptibly();
      channel = null;
    }
    if (boss != null) {
      boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
      workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
      boss = null;
      workers = null;
    }
    streaming.shutdownNow();
  }
}
