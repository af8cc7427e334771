package dev.gatehouse.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP/1.1 rules Gatehouse keeps on a real socket: pipelined requests are answered in the order they were
 * sent even when the first one's work finishes last, a request without {@code Host} is a 400, and TRACE is
 * refused.
 */
class StrictProtocolTest {
  private HttpServer server;
  private int port;

  @BeforeEach
  void start() throws IOException {
    Router router = Router.builder()
        .route("/slow", "slow", call -> CompletableFuture.supplyAsync(() -> reply("slow"),
            CompletableFuture.delayedExecutor(400, TimeUnit.MILLISECONDS)))
        .route("/fast", "fast", call -> CompletableFuture.completedFuture(reply("fast")))
        .build();
    server = new HttpServer("127.0.0.1", 0, new HttpLimits(4096, 8192, 1024, java.time.Duration.ofSeconds(30), 64), router, new SimpleMeterRegistry());
    port = server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static HttpReply reply(String body) {
    return HttpReply.Bytes.of(HttpResponseStatus.OK, "text/plain", body.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes {@code requests} in one write and reads what comes back until the server closes. */
  private String exchange(String requests) throws IOException {
    try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(requests.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      in.transferTo(out);
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  private static String get(String path, String connection) {
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: " + connection + "\r\n\r\n";
  }

  @Test
  void pipelinedRequestsAreAnsweredInTheOrderTheyWereSent() throws IOException {
    String answers = exchange(get("/slow", "keep-alive") + get("/fast", "keep-alive") + get("/slow", "keep-alive")
        + get("/fast", "close"));

    List<String> bodies = new ArrayList<>();
    for (String part : answers.split("HTTP/1.1 ")) {
      if (!part.isEmpty()) {
        assertThat(part).startsWith("200 OK");
        bodies.add(part.substring(part.indexOf("\r\n\r\n") + 4));
      }
    }
    assertThat(bodies).containsExactly("slow", "fast", "slow", "fast");
  }

  @Test
  void aClientThatPipelinesWithoutBoundIsCutOff() throws IOException {
    String answers = exchange(get("/slow", "keep-alive").repeat(PipelinedRequests.MAX_WAITING + 5));

    assertThat(answers.split("HTTP/1.1 200").length - 1).isLessThanOrEqualTo(PipelinedRequests.MAX_WAITING + 1);
  }

  @Test
  void anHttp11RequestWithoutHostIs400() throws IOException {
    String answer = exchange("GET /fast HTTP/1.1\r\nConnection: close\r\n\r\n");

    assertThat(answer).startsWith("HTTP/1.1 400").contains("Host header").doesNotContain("fast\n");
  }

  @Test
  void traceIsRefusedWithTheMethodsThatAreServed() throws IOException {
    String answer = exchange("TRACE /fast HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: secret\r\nConnection: close\r\n\r\n");

    assertThat(answer).startsWith("HTTP/1.1 405").contains("Allow: GET, HEAD").doesNotContain("secret");
  }
}
