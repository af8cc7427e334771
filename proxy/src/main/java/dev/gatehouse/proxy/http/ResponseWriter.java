package dev.gatehouse.proxy.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an {@link HttpReply} as a Netty response. Safe from any thread: Netty hops to the event loop. A streamed
 * body is copied on {@code streaming}, never on the event loop, since reading its stream may block.
 */
final class ResponseWriter {
  private static final Logger log = LoggerFactory.getLogger(ResponseWriter.class);
  /** Bytes of a streamed body read and written at a time. */
  private static final int CHUNK = 64 * 1024;

  private final Router router;
  private final MeterRegistry meters;
  private final Executor streaming;

  ResponseWriter(Router router, MeterRegistry meters, Executor streaming) {
    this.router = router;
    this.meters = meters;
    this.streaming = streaming;
  }

  void write(ChannelHandlerContext ctx, String requestId, String path, boolean head, HttpReply reply, boolean keepAlive) {
    meters.counter("gatehouse.http.requests", "route", router.routeName(path),
        "status", Integer.toString(reply.status().code())).increment();
    ChannelFuture done;
    if (reply instanceof HttpReply.FileBody file) {
      done = writeFile(ctx, requestId, file, keepAlive);
    } else if (reply instanceof HttpReply.StreamBody stream) {
      done = writeStream(ctx, requestId, stream, keepAlive);
    } else {
      FullHttpResponse response = reply instanceof HttpProblem problem
          ? problemResponse(problem, requestId, path, head)
          : bytesResponse((HttpReply.Bytes) reply, head);
      response.headers().set("X-Request-Id", requestId);
      connection(response, keepAlive);
      done = ctx.writeAndFlush(response);
    }
    if (keepAlive) {
      done.addListener(f -> ctx.pipeline().fireUserEventTriggered(PipelinedRequests.RESPONSE_WRITTEN));
    } else {
      done.addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static ChannelFuture writeFile(ChannelHandlerContext ctx, String requestId, HttpReply.FileBody file,
      boolean keepAlive) {
    HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, file.status());
    headers(response.headers(), file.headers());
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, file.contentType());
    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, file.length());
    response.headers().set("X-Request-Id", requestId);
    connection(response, keepAlive);
    ctx.write(response);
    // DefaultFileRegion closes the channel when it is released, which Netty does after the transfer or a failure.
    ctx.write(new DefaultFileRegion(file.channel(), 0, file.length()));
    return ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
  }

  private ChannelFuture writeStream(ChannelHandlerContext ctx, String requestId, HttpReply.StreamBody stream,
      boolean keepAlive) {
    HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, stream.status());
    headers(response.headers(), stream.headers());
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, stream.contentType());
    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, stream.length());
    response.headers().set("X-Request-Id", requestId);
    connection(response, keepAlive);
    ChannelPromise done = ctx.newPromise();
    ctx.writeAndFlush(response);
    try {
      streaming.execute(() -> copy(ctx, requestId, stream, done));
    } catch (RejectedExecutionException shuttingDown) {
      close(stream);
      ctx.close();
      done.tryFailure(shuttingDown);
    }
    return done;
  }

  /** Copies the stream to the connection a chunk at a time, waiting while the client's buffer is full. */
  private static void copy(ChannelHandlerContext ctx, String requestId, HttpReply.StreamBody stream,
      ChannelPromise done) {
    try (InputStream in = stream.body()) {
      byte[] buffer = new byte[CHUNK];
      long sent = 0;
      while (sent < stream.length()) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, stream.length() - sent));
        if (n < 0) {
          throw new EOFException("the stream ended after " + sent + " of " + stream.length() + " bytes");
        }
        ChannelFuture written = ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(buffer, 0, n)));
        sent += n;
        if (!ctx.channel().isWritable()) {
          written.awaitUninterruptibly();
        }
        if (!ctx.channel().isActive()) {
          throw new EOFException("the client closed the connection after " + sent + " bytes");
        }
      }
      ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> {
        if (f.isSuccess()) {
          done.trySuccess();
        } else {
          done.tryFailure(f.cause());
        }
      });
    } catch (IOException | RuntimeException e) {
      // The length was promised in the headers: cutting the connection is the only way to say the body is short.
      log.warn("[{}] streaming a body failed: {}", requestId, e.toString());
      ctx.close();
      done.tryFailure(e);
    }
  }

  private static void close(HttpReply.StreamBody stream) {
    try {
      stream.body().close();
    } catch (IOException ignored) {
      // nothing was sent from it
    }
  }

  private static FullHttpResponse bytesResponse(HttpReply.Bytes reply, boolean head) {
    boolean sendBody = !head && !reply.headOnly() && reply.status() != HttpResponseStatus.NOT_MODIFIED;
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, reply.status(),
        sendBody ? Unpooled.wrappedBuffer(reply.body()) : Unpooled.EMPTY_BUFFER);
    headers(response.headers(), reply.headers());
    if (reply.status() != HttpResponseStatus.NOT_MODIFIED) {
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
      if (!response.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, reply.body().length); // a HEAD says the file's size
      }
    }
    return response;
  }

  private static FullHttpResponse problemResponse(HttpProblem problem, String requestId, String path, boolean head) {
    String body;
    String type;
    if (path.startsWith("/api/")) {
      type = "application/json; charset=utf-8";
      body = "{\"status\":" + problem.status().code() + ",\"error\":\"" + jsonEscape(problem.sentence())
          + "\",\"requestId\":\"" + requestId + "\"}\n";
    } else {
      type = "text/plain; charset=utf-8";
      body = problem.sentence() + "\n(request id " + requestId + ")\n";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, problem.statusLine(),
        head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
    headers(response.headers(), problem.headers());
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    return response;
  }

  private static void headers(HttpHeaders target, Map<String, String> extra) {
    extra.forEach(target::set);
  }

  private static void connection(HttpResponse response, boolean keepAlive) {
    response.headers().set(HttpHeaderNames.CONNECTION,
        keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
  }

  static String jsonEscape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
