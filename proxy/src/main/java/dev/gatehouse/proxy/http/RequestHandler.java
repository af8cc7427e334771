package dev.gatehouse.proxy.http;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.HexFormat;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each aggregated request into an {@link HttpCall}, hands it to the {@link Router} and writes the
 * reply when it completes. Stateless, hence {@code @Sharable}: everything about one request travels in
 * local variables and the {@code HttpCall}.
 *
 * <p>Reading pauses while a request is in flight and resumes when its response is written; requests pipelined
 * behind it wait in {@link PipelinedRequests}, so that they are answered in order although their work completes
 * on other threads.
 */
@Sharable
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);

  private final Router router;
  private final ResponseWriter writer;
  private final HttpLimits limits;

  RequestHandler(Router router, MeterRegistry meters, HttpLimits limits, Executor streaming) {
    this.router = requireNonNull(router, "router");
    this.limits = requireNonNull(limits, "limits");
    this.writer = new ResponseWriter(router, meters, streaming);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    String requestId = newRequestId();
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    DecoderResult decoded = request.decoderResult();
    if (decoded.isFailure()) {
      HttpProblem problem = malformed(decoded.cause());
      log.debug("[{}] malformed request: {}", requestId, problem.sentence());
      writer.write(ctx, requestId, request.uri(), false, problem, false);
      return;
    }
    if (request.protocolVersion().equals(HttpVersion.HTTP_1_1) && !request.headers().contains(HttpHeaderNames.HOST)) {
      // RFC 9112 §3.2: a server must answer 400 to an HTTP/1.1 request without Host.
      writer.write(ctx, requestId, request.uri(), false,
          HttpProblem.badRequest("an HTTP/1.1 request must name the host it is for in a Host header"), false);
      return;
    }
    if (request.method().equals(HttpMethod.TRACE) || request.method().equals(HttpMethod.CONNECT)) {
      // No route serves these; TRACE would echo credentials back, CONNECT would make Gatehouse a tunnel.
      writer.write(ctx, requestId, request.uri(), false,
          HttpProblem.methodNotAllowed(request.method().name(), "GET, HEAD"), keepAlive);
      return;
    }
    // SimpleChannelInboundHandler releases `request` when this method returns: copy what the route needs first.
    HttpCall call = HttpCall.from(requestId, request, ctx.channel().remoteAddress());
    ctx.channel().config().setAutoRead(false);
    router.dispatch(call).whenComplete((reply, failure) -> {
      HttpReply answer = failure == null ? reply : problemFor(call, failure);
      writer.write(ctx, requestId, call.rawPath(), call.isHead(), answer, keepAlive);
    });
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    // Reading is paused exactly while a request is in flight; an idle connection with reading on has none.
    if (event instanceof IdleStateEvent && ctx.channel().config().isAutoRead()) {
      ctx.close();
      return;
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A connection reset by the client mid-response is routine; anything else is worth a line.
    log.debug("connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }

  private HttpProblem malformed(Throwable cause) {
    if (cause instanceof TooLongHttpLineException) {
      return HttpProblem.of(HttpResponseStatus.REQUEST_URI_TOO_LONG,
          "the request line is longer than %d bytes (server.maxInitialLineLength)".formatted(limits.maxInitialLineLength()));
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return HttpProblem.of(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
          "the request headers are larger than %d bytes (server.maxHeaderSize)".formatted(limits.maxHeaderSize()));
    }
    return HttpProblem.badRequest("the request is not valid HTTP/1.1 and could not be read");
  }

  private static HttpProblem problemFor(HttpCall call, Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof RejectedExecutionException) {
      return HttpProblem.of(HttpResponseStatus.SERVICE_UNAVAILABLE, "Gatehouse is shutting down; try again shortly")
          .withHeader("Retry-After", "5");
    }
    log.error("[{}] {} {} failed", call.requestId(), call.method(), call.rawPath(), cause);
    return HttpProblem.of(HttpResponseStatus.INTERNAL_SERVER_ERROR,
        "Gatehouse failed while handling this request; the server log has the details under its request id");
  }

  static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String newRequestId() {
    byte[] id = new byte[6];
    ThreadLocalRandom.current().nextBytes(id);
    return HexFormat.of().formatHex(id);
  }
}
