package dev.gatehouse.core.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.store.FileBlobStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpstreamClientTest {
  private static final UpstreamClient.SizeLimit LIMIT = new UpstreamClient.SizeLimit(1 << 20, "limits.maxArtifactBytes");

  @TempDir Path tmp;
  private final MockWebServer upstream = new MockWebServer();
  private UpstreamClient client;

  @BeforeEach
  void start() throws IOException {
    upstream.start();
    client = new UpstreamClient(Duration.ofSeconds(2), Duration.ofMillis(700), Duration.ofSeconds(30), 2,
        FileBlobStore.open(tmp)::writer, Executors.newCachedThreadPool());
  }

  @AfterEach
  void stop() throws IOException {
    client.close();
    upstream.shutdown();
  }

  @Test
  void aCompleteBodyLandsInATempFileWithItsDigests() throws Exception {
    byte[] body = "hello gatehouse".getBytes(StandardCharsets.UTF_8);
    upstream.enqueue(new MockResponse().setBody(new Buffer().write(body)));

    UpstreamResponse response = client.fetch(upstream.url("/a.jar").uri(), LIMIT);

    assertThat(response).isInstanceOf(UpstreamResponse.Found.class);
    Download download = ((UpstreamResponse.Found) response).download();
    assertThat(Files.readAllBytes(download.file())).isEqualTo(body);
    assertThat(download.size()).isEqualTo(body.length);
    assertThat(download.digests()).isEqualTo(Digests.of(body));
  }

  @Test
  void notFoundIsAValueAndLeavesNoTempFile() throws Exception {
    upstream.enqueue(new MockResponse().setResponseCode(404));

    assertThat(client.fetch(upstream.url("/missing.jar").uri(), LIMIT)).isInstanceOf(UpstreamResponse.NotFound.class);
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void aRedirectIsNotFollowedSoAnUpstreamCannotSendGatehouseElsewhere() throws Exception {
    MockWebServer elsewhere = new MockWebServer();
    elsewhere.start();
    try {
      upstream.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", elsewhere.url("/internal").toString()));

      UpstreamResponse response = client.fetch(upstream.url("/a.whl").uri(), LIMIT);

      assertThat(response).isInstanceOf(UpstreamResponse.Failed.class);
      assertThat(((UpstreamResponse.Failed) response).sentence()).contains("HTTP 302", "follows no redirects");
      assertThat(elsewhere.getRequestCount()).isZero();
      assertThat(upstream.getRequestCount()).isEqualTo(1);
    } finally {
      elsewhere.shutdown();
    }
  }

  @Test
  void serverErrorsAreRetriedAtMostTheConfiguredNumberOfTimes() throws Exception {
    for (int i = 0; i < 5; i++) {
      upstream.enqueue(new MockResponse().setResponseCode(503));
    }

    UpstreamResponse response = client.fetch(upstream.url("/flaky.jar").uri(), LIMIT);

    assertThat(response).isInstanceOf(UpstreamResponse.Failed.class);
    assertThat(((UpstreamResponse.Failed) response).sentence()).endsWith("answered HTTP 503");
    assertThat(upstream.getRequestCount()).isEqualTo(3);
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void aBodyCutShortIsAFailureAndItsTempFileIsDeleted() throws Exception {
    upstream.enqueue(new MockResponse().setBody(new Buffer().write(new byte[64 * 1024]))
        .setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));

    UpstreamResponse response = client.fetch(upstream.url("/cut.jar").uri(), LIMIT);

    assertThat(response).isInstanceOf(UpstreamResponse.Failed.class);
    assertThat(((UpstreamResponse.Failed) response).timedOut()).isFalse();
    assertThat(upstream.getRequestCount()).isEqualTo(1);
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void aBodyThatStallsLongerThanTheReadTimeoutIsATimeout() throws Exception {
    upstream.enqueue(new MockResponse().setBody(new Buffer().write(new byte[4096]))
        .throttleBody(1024, 3, TimeUnit.SECONDS)); // MockWebServer sleeps uninterruptibly: keep it short

    UpstreamResponse response = client.fetch(upstream.url("/slow.jar").uri(), LIMIT);

    assertThat(response).isInstanceOf(UpstreamResponse.Failed.class);
    UpstreamResponse.Failed failed = (UpstreamResponse.Failed) response;
    assertThat(failed.timedOut()).isTrue();
    assertThat(failed.sentence()).contains("sent nothing for", "upstreams.readTimeout");
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void aBodyThatTricklesInsideTheReadTimeoutIsCutAtTheDownloadTimeout() throws Exception {
    upstream.enqueue(new MockResponse().setBody(new Buffer().write(new byte[40]))
        .throttleBody(1, 100, TimeUnit.MILLISECONDS)); // a byte every 100 ms: never silent for 700 ms, 4 s in all
    try (UpstreamClient patient = new UpstreamClient(Duration.ofSeconds(2), Duration.ofMillis(700),
        Duration.ofSeconds(2), 0, FileBlobStore.open(tmp)::writer, Executors.newCachedThreadPool())) {
      UpstreamResponse response = patient.fetch(upstream.url("/trickle.jar").uri(), LIMIT);

      assertThat(response).isInstanceOf(UpstreamResponse.Failed.class);
      UpstreamResponse.Failed failed = (UpstreamResponse.Failed) response;
      assertThat(failed.timedOut()).isTrue();
      assertThat(failed.sentence()).contains("did not finish within 2 s", "upstreams.downloadTimeout");
      assertThat(tempFiles()).isEmpty();
    }
  }

  @Test
  void aBodyOverTheLimitIsRefusedNamingTheLimit() throws Exception {
    upstream.enqueue(new MockResponse().setBody(new Buffer().write(new byte[2048])));

    UpstreamResponse response = client.fetch(upstream.url("/big.jar").uri(),
        new UpstreamClient.SizeLimit(1024, "limits.maxArtifactBytes"));

    assertThat(response).isInstanceOf(UpstreamResponse.Failed.class);
    assertThat(((UpstreamResponse.Failed) response).sentence())
        .endsWith("is larger than 1024 bytes (limits.maxArtifactBytes)");
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void anUnreachableUpstreamIsAFailureNamingTheHost() throws Exception {
    int port = upstream.getPort();
    upstream.shutdown();

    UpstreamResponse response = client.fetch(java.net.URI.create("http://127.0.0.1:" + port + "/x.jar"), LIMIT);

    assertThat(response).isInstanceOf(UpstreamResponse.Failed.class);
    assertThat(((UpstreamResponse.Failed) response).sentence()).isEqualTo("cannot connect to 127.0.0.1:" + port);
  }

  private java.util.List<Path> tempFiles() throws IOException {
    try (Stream<Path> files = Files.list(tmp.resolve("tmp"))) {
      return files.toList();
    }
  }
}
