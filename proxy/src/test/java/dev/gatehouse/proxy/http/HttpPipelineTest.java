package dev.gatehouse.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The pipeline in an {@code EmbeddedChannel}: bounds, routing and problem bodies, without a socket. */
class HttpPipelineTest {
  private static final HttpLimits LIMITS = new HttpLimits(4096, 8192, 64, java.time.Duration.ofSeconds(30), 64);
  private final AtomicReference<HttpCall> seen = new AtomicReference<>();
  private final Router router = Router.builder()
      .route("/api/v1/", "admin", call -> {
        seen.set(call);
        return CompletableFuture.completedFuture(HttpReply.Bytes.of(io.netty.handler.codec.http.HttpResponseStatus.OK,
            "text/plain", call.body()));
      })
      .route("/fails", "fails", call -> CompletableFuture.failedFuture(new IllegalStateException("secret detail")))
      .build();

  private FullHttpResponse exchange(DefaultFullHttpRequest request) {
    request.headers().set("Host", "127.0.0.1");
    EmbeddedChannel server = new EmbeddedChannel(new HttpPipeline(LIMITS, router,
        new SimpleMeterRegistry(), Runnable::run));
    EmbeddedChannel client = new EmbeddedChannel(new HttpRequestEncoder(), new HttpResponseDecoder(),
        new HttpObjectAggregator(1 << 20));
    client.writeOutbound(request);
    ByteBuf bytes;
    while ((bytes = client.readOutbound()) != null) {
      server.writeInbound(bytes);
    }
    server.runPendingTasks();
    Object out;
    while ((out = server.readOutbound()) != null) {
      client.writeInbound(out);
    }
    return client.readInbound();
  }

  @Test
  void aSmallBodyIsAggregatedAndHandedToTheRoute() {
    DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api/v1/x",
        Unpooled.copiedBuffer("{\"reason\":\"ok\"}", StandardCharsets.UTF_8));
    request.headers().set("Content-Length", request.content().readableBytes());

    FullHttpResponse response = exchange(request);

    assertThat(response.status().code()).isEqualTo(200);
    assertThat(seen.get().bodyText()).isEqualTo("{\"reason\":\"ok\"}");
    assertThat(response.headers().get("X-Request-Id")).matches("[0-9a-f]{12}");
  }

  @Test
  void aBodyOverTheLimitIs413NamingTheSetting() {
    DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api/v1/x",
        Unpooled.wrappedBuffer(new byte[100]));
    request.headers().set("Content-Length", 100);

    FullHttpResponse response = exchange(request);

    assertThat(response.status().code()).isEqualTo(413);
    assertThat(response.content().toString(StandardCharsets.UTF_8))
        .isEqualTo("the request body is larger than 64 bytes (server.maxRequestBodyBytes)\n");
    assertThat(seen.get()).isNull();
  }

  @Test
  void aFailingRouteIs500WithARequestIdAndNoExceptionDetails() {
    FullHttpResponse response = exchange(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/fails"));

    String body = response.content().toString(StandardCharsets.UTF_8);
    assertThat(response.status().code()).isEqualTo(500);
    assertThat(body).contains("request id " + response.headers().get("X-Request-Id"))
        .doesNotContain("secret detail", "IllegalStateException", "at dev.");
  }

  @Test
  void anUnknownPathIs404NamingWhatIsServed() {
    FullHttpResponse response = exchange(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/other"));

    assertThat(response.status().code()).isEqualTo(404);
    assertThat(response.content().toString(StandardCharsets.UTF_8)).startsWith("nothing is served at /other;");
  }

  @Test
  void anIdleConnectionWithNoRequestInFlightIsClosed() {
    EmbeddedChannel server = new EmbeddedChannel(new HttpPipeline(LIMITS, router,
        new SimpleMeterRegistry(), Runnable::run));

    server.pipeline().fireUserEventTriggered(io.netty.handler.timeout.IdleStateEvent.ALL_IDLE_STATE_EVENT);

    assertThat(server.isOpen()).isFalse();
  }

  @Test
  void anIdleConnectionWhoseRequestIsStillWorkedOnStaysOpen() {
    EmbeddedChannel server = new EmbeddedChannel(new HttpPipeline(LIMITS, router,
        new SimpleMeterRegistry(), Runnable::run));
    server.config().setAutoRead(false); // what the handler does while a request is in flight

    server.pipeline().fireUserEventTriggered(io.netty.handler.timeout.IdleStateEvent.ALL_IDLE_STATE_EVENT);

    assertThat(server.isOpen()).isTrue();
  }

  @Test
  void routesMatchWholeSegmentsOnly() {
    Router r = Router.builder().route("/health", "health", call -> null).build();

    assertThat(r.routeName("/health")).isEqualTo("health");
    assertThat(r.routeName("/healthz")).isEqualTo("none");
  }
}
