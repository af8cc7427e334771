package dev.gatehouse.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What one client may hold of the server, over real sockets: a request trickled a byte at a time (slowloris) is cut
 * at {@code server.requestTimeout} with a 408, while work on a request and the wait between keep-alive requests do
 * not count; connections beyond {@code server.maxConnectionsPerClient} from one address are answered 503.
 */
class ConnectionLimitsTest {
  private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(800);
  private HttpServer server;
  private int port;

  @BeforeEach
  void start() throws IOException {
    Router router = Router.builder()
        .route("/fast", "fast", call -> CompletableFuture.completedFuture(reply("fast")))
        .route("/slow", "slow", call -> CompletableFuture.supplyAsync(() -> reply("slow"),
            CompletableFuture.delayedExecutor(1500, TimeUnit.MILLISECONDS)))
        .build();
    server = new HttpServer("127.0.0.1", 0, new HttpLimits(4096, 8192, 1024, REQUEST_TIMEOUT, 3), router,
        new SimpleMeterRegistry());
    port = server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static HttpReply reply(String body) {
    return HttpReply.Bytes.of(HttpResponseStatus.OK, "text/plain", body.getBytes(StandardCharsets.UTF_8));
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port);
    socket.setSoTimeout(10_000);
    return socket;
  }

  private static String get(String path, String connection) {
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: " + connection + "\r\n\r\n";
  }

  /** Reads one response whose body is {@code bodyLength} bytes. */
  private static String readResponse(InputStream in, int bodyLength) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int crlfcrlf = 0;
    while (crlfcrlf < 4) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      out.write(b);
      crlfcrlf = (b == '\r' || b == '\n') ? crlfcrlf + 1 : 0;
    }
    out.write(in.readNBytes(bodyLength));
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aTrickledRequestIsCutAtTheRequestTimeoutWith408() throws Exception {
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      byte[] request = get("/fast", "keep-alive").getBytes(StandardCharsets.ISO_8859_1);
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      int sent = 0;
      try {
        for (; sent < request.length; sent++) {
          out.write(request[sent]);
          out.flush();
          Thread.sleep(100); // a byte every 100 ms: never idle, never done
        }
      } catch (IOException cut) {
        // the server closed the connection while we were still sending
      }
      socket.getInputStream().transferTo(answer);

      assertThat(sent).as("cut before the request was whole").isLessThan(request.length);
      assertThat(answer.toString(StandardCharsets.UTF_8)).startsWith("HTTP/1.1 408")
          .contains("server.requestTimeout");
    }
  }

  @Test
  void workOnARequestAndTheWaitBetweenKeepAliveRequestsDoNotCount() throws Exception {
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      out.write(get("/slow", "keep-alive").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      assertThat(readResponse(socket.getInputStream(), 4)).startsWith("HTTP/1.1 200").endsWith("slow");

      Thread.sleep(REQUEST_TIMEOUT.toMillis() * 2);
      out.write(get("/fast", "close").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      assertThat(readResponse(socket.getInputStream(), 4)).startsWith("HTTP/1.1 200").endsWith("fast");
    }
  }

  @Test
  void connectionsBeyondTheCapFromOneAddressAre503UntilOneCloses() throws Exception {
    // Each of the three is answered before the next opens, so the server has counted it: connections made at
    // once may become active on different event loops in any order.
    Socket first = served(connect());
    try (Socket second = served(connect()); Socket third = served(connect()); Socket fourth = connect()) {
      ByteArrayOutputStream refused = new ByteArrayOutputStream();
      fourth.getInputStream().transferTo(refused);
      assertThat(refused.toString(StandardCharsets.UTF_8)).startsWith("HTTP/1.1 503").contains("Retry-After: 5")
          .contains("server.maxConnectionsPerClient");

      first.close();
      String answer = null;
      for (int attempt = 0; attempt < 50 && answer == null; attempt++) {
        try (Socket again = connect()) {
          again.getOutputStream().write(get("/fast", "close").getBytes(StandardCharsets.ISO_8859_1));
          String response = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
          if (response.startsWith("HTTP/1.1 200")) {
            answer = response;
          } else {
            Thread.sleep(50); // the server has not seen the first close yet
          }
        } catch (SocketTimeoutException | java.net.SocketException e) {
          Thread.sleep(50);
        }
      }
      assertThat(answer).as("a connection is served once one of the three closed").isNotNull().endsWith("fast");
    } finally {
      first.close();
    }
  }

  /** {@code socket} after one keep-alive request on it was answered. */
  private static Socket served(Socket socket) throws IOException {
    socket.getOutputStream().write(get("/fast", "keep-alive").getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    assertThat(readResponse(socket.getInputStream(), 4)).startsWith("HTTP/1.1 200");
    return socket;
  }
}
