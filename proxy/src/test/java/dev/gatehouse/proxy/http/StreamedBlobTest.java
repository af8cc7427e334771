package dev.gatehouse.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.store.Blob;
import dev.gatehouse.core.upstream.Digests;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A blob read as a stream (as object storage gives it) is served over a real socket with its length and validators,
 * whole and byte for byte, even when the client reads it slowly; a stream that ends before its length cuts the
 * connection, so the client never takes a short body for the whole.
 */
class StreamedBlobTest {
  private static final byte[] BYTES = new byte[3 * 1024 * 1024 + 17];
  private static final String SHA256;

  static {
    new Random(42).nextBytes(BYTES);
    SHA256 = Digests.of(BYTES).sha256();
  }

  private HttpServer server;
  private int port;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() throws IOException {
    Blob whole = new Blob.Streamed(SHA256, BYTES.length, () -> new ByteArrayInputStream(BYTES));
    Blob cut = new Blob.Streamed(SHA256, BYTES.length,
        () -> new ByteArrayInputStream(Arrays.copyOf(BYTES, BYTES.length / 2)));
    Blob failing = new Blob.Streamed(SHA256, BYTES.length, () -> new InputStream() {
      private int read;

      @Override
      public int read() throws IOException {
        if (read++ > 200_000) {
          throw new IOException("object storage went away");
        }
        return 7;
      }
    });
    Router router = Router.builder()
        .route("/whole", "whole", call -> serve(call, whole))
        .route("/cut", "cut", call -> serve(call, cut))
        .route("/failing", "failing", call -> serve(call, failing))
        .build();
    server = new HttpServer("127.0.0.1", 0, new HttpLimits(4096, 8192, 1024, java.time.Duration.ofSeconds(30), 64), router, new SimpleMeterRegistry());
    port = server.start();
  }

  private static CompletableFuture<HttpReply> serve(HttpCall call, Blob blob) {
    return CompletableFuture.supplyAsync(() -> Route.unchecked(() -> FileResponses.serve(call, blob,
        "application/java-archive", Instant.parse("2026-01-01T00:00:00Z"))));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  @Test
  void aStreamedBlobIsServedWholeWithItsLengthAndValidators() throws Exception {
    HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri("/whole")).build(),
        HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(BYTES.length);
    assertThat(response.headers().firstValue("ETag")).hasValue("\"" + SHA256 + "\"");
    assertThat(response.body()).isEqualTo(BYTES);
  }

  @Test
  void aSlowReaderGetsEveryByte() throws Exception {
    HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri("/whole")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    byte[] received = new byte[BYTES.length];
    int at = 0;
    try (InputStream in = response.body()) {
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) > 0) {
        System.arraycopy(buffer, 0, received, at, n);
        at += n;
        if (at < 256 * 1024) {
          Thread.sleep(1); // slow at first, so the server's writes must wait for the socket
        }
      }
    }
    assertThat(at).isEqualTo(BYTES.length);
    assertThat(received).isEqualTo(BYTES);
  }

  @Test
  void aHeadNamesTheLengthAndSendsNoBody() throws Exception {
    HttpResponse<byte[]> head = http.send(HttpRequest.newBuilder(uri("/whole"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(BYTES.length);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void aStreamThatEndsEarlyOrFailsCutsTheConnectionInsteadOfEndingTheBody() {
    for (String path : new String[] {"/cut", "/failing"}) {
      assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(uri(path)).build(),
          HttpResponse.BodyHandlers.ofByteArray())).as(path).isInstanceOf(IOException.class);
    }
  }
}
