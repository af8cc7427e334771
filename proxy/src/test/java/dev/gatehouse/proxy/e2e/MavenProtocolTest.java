package dev.gatehouse.proxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.fixtures.ArchiveFixture;
import dev.gatehouse.proxy.testing.TestGatehouse;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Maven repository protocol and the server around it, over real sockets. */
class MavenProtocolTest {
  private static final String CLEAN = "org/example/lib/1.0/lib-1.0.jar";
  private static final String BAD = "org/example/lib/2.0/lib-2.0.jar";
  private static final String POM = "org/example/lib/1.0/lib-1.0.pom";
  private static final String METADATA = "org/example/lib/maven-metadata.xml";

  @TempDir Path tmp;
  private FakeMavenRepository upstream;
  private TestGatehouse gatehouse;

  @BeforeEach
  void start() throws Exception {
    upstream = new FakeMavenRepository();
    upstream.put(CLEAN, FixtureJar.clean("org.example.lib").build(tmp, "lib-1.0.jar"));
    upstream.put(BAD, FixtureJar.beacon().build(tmp, "lib-2.0.jar"));
    upstream.put(POM, "<project><modelVersion>4.0.0</modelVersion></project>".getBytes(StandardCharsets.UTF_8));
    upstream.putMetadata("org.example", "lib", Instant.parse("2026-01-01T00:00:00Z"), "1.0", "2.0");
    gatehouse = TestGatehouse.builder(tmp).dataDir(tmp.resolve("data")).maven(upstream.url().toString())
        .upstreamReads("2s", 1).start();
  }

  @AfterEach
  void stop() throws Exception {
    gatehouse.close();
    upstream.close();
  }

  @Test
  void metadataHidesAVersionOnceItIsRefusedAndMovesLatestAndRelease() throws Exception {
    String before = text(gatehouse.getBytes("/maven2/" + METADATA));
    assertThat(before).contains("<version>2.0</version>", "<latest>2.0</latest>");

    assertThat(gatehouse.getBytes("/maven2/" + BAD).statusCode()).isEqualTo(403);

    String after = text(gatehouse.getBytes("/maven2/" + METADATA));
    assertThat(after).contains("<version>1.0</version>", "<latest>1.0</latest>", "<release>1.0</release>")
        .doesNotContain("2.0");
    String sha1 = text(gatehouse.getBytes("/maven2/" + METADATA + ".sha1"));
    assertThat(sha1).isEqualTo(FakeMavenRepository.sha1(after.getBytes(StandardCharsets.UTF_8)));
    assertThat(upstream.requests(METADATA)).as("cached for cache.metadataTtl").isEqualTo(1);
  }

  @Test
  void conditionalGetAnswers304AndHeadSendsTheHeadersWithoutTheBody() throws Exception {
    HttpResponse<byte[]> full = gatehouse.getBytes("/maven2/" + CLEAN);
    String etag = full.headers().firstValue("ETag").orElseThrow();
    String modified = full.headers().firstValue("Last-Modified").orElseThrow();

    assertThat(gatehouse.getBytes("/maven2/" + CLEAN, "If-None-Match", etag).statusCode()).isEqualTo(304);
    assertThat(gatehouse.getBytes("/maven2/" + CLEAN, "If-Modified-Since", modified).statusCode()).isEqualTo(304);
    assertThat(gatehouse.getBytes("/maven2/" + CLEAN, "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    HttpResponse<byte[]> head = gatehouse.head("/maven2/" + CLEAN);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(full.body().length);
    assertThat(head.headers().firstValue("ETag")).contains(etag);
  }

  @Test
  void pomsAreProxiedAndCached() throws Exception {
    assertThat(text(gatehouse.getBytes("/maven2/" + POM))).contains("<modelVersion>4.0.0</modelVersion>");
    assertThat(gatehouse.getBytes("/maven2/" + POM).statusCode()).isEqualTo(200);
    assertThat(upstream.requests(POM)).isEqualTo(1);
  }

  @Test
  void anUpstream404Is404AndIsRememberedForAWhile() throws Exception {
    String missing = "org/example/missing/1.0/missing-1.0.pom";

    HttpResponse<byte[]> response = gatehouse.getBytes("/maven2/" + missing);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(text(response)).contains("is in none of the upstream repositories");
    assertThat(gatehouse.getBytes("/maven2/" + missing).statusCode()).isEqualTo(404);
    assertThat(upstream.requests(missing)).isEqualTo(1);
    String missingJar = "org/example/missing/1.0/missing-1.0-tests.jar";
    assertThat(gatehouse.getBytes("/maven2/" + missingJar).statusCode()).isEqualTo(404);
    assertThat(gatehouse.getBytes("/maven2/" + missingJar).statusCode()).isEqualTo(404);
    assertThat(upstream.requests(missingJar)).isEqualTo(1);
  }

  @Test
  void anUnreachableUpstreamIs502WithASentence() throws Exception {
    upstream.shutdown();

    HttpResponse<byte[]> response = gatehouse.getBytes("/maven2/" + CLEAN);

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(text(response)).startsWith("Gatehouse could not fetch org.example:lib:1.0 (lib-1.0.jar): cannot connect to")
        .contains("request id");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/maven2/org/example/../../../etc/passwd",
      "/maven2/org/example/lib/1.0/%2e%2e/%2e%2e/secret.jar",
      "/maven2/org/example/lib/1.0/..%2f..%2flib-1.0.jar",
      "/maven2/org\\example\\lib\\1.0\\lib-1.0.jar",
      "/maven2/org/example/lib/1.0/%252e%252e/lib-1.0.jar",
  })
  void traversalAttemptsAreRefusedWith400(String path) throws Exception {
    String response = raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 400 ").contains("not a Maven repository path");
    assertThat(upstream.totalRequests()).isZero();
  }

  @Test
  void otherMethodsThanGetAndHeadAre405() throws Exception {
    String response = raw("DELETE /maven2/" + CLEAN + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 405 ").contains("Allow: GET, HEAD");
  }

  @Test
  void anOversizedRequestLineIs414AndOversizedHeadersAre431() throws Exception {
    assertThat(raw("GET /maven2/" + "a/".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n"))
        .startsWith("HTTP/1.1 414 ").contains("server.maxInitialLineLength");
    assertThat(raw("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n"))
        .startsWith("HTTP/1.1 431 ").contains("server.maxHeaderSize");
  }

  @Test
  void aMalformedRequestIs400WithASentence() throws Exception {
    assertThat(raw("THIS IS NOT HTTP\r\n\r\n")).startsWith("HTTP/1.1 400 ").contains("not valid HTTP/1.1");
  }

  @Test
  void theAdminApiAnswers401WithoutTheRightToken() throws Exception {
    HttpResponse<byte[]> none = gatehouse.getBytes("/api/v1/quarantine");
    HttpResponse<byte[]> wrong = gatehouse.getBytes("/api/v1/quarantine", "Authorization", "Bearer guessed");

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(text(wrong)).contains("Authorization: Bearer <token>");
    assertThat(gatehouse.adminGet("/api/v1/quarantine").statusCode()).isEqualTo(200);
  }

  @Test
  void everyArtifactRequestIsInTheAuditLog() throws Exception {
    gatehouse.getBytes("/maven2/" + CLEAN);
    gatehouse.getBytes("/maven2/" + BAD);

    String audit = gatehouse.auditTrail("ecosystem=maven&package=org.example:lib");
    assertThat(audit).contains("\"file\" : \"lib-1.0.jar\"", "\"decision\" : \"allow\"", "\"file\" : \"lib-2.0.jar\"",
        "\"decision\" : \"block\"", "\"status\" : 403");
    assertThat(gatehouse.adminGet("/api/v1/audit?decision=block").body()).doesNotContain("lib-1.0.jar");
    assertThat(gatehouse.adminGet("/api/v1/audit?from=yesterday").statusCode()).isEqualTo(400);
  }

  @Test
  void healthReportsTheDatabaseAndBlobStoreAndMetricsCountRequests() throws Exception {
    HttpResponse<byte[]> health = gatehouse.getBytes("/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(text(health)).isEqualTo("{\"status\":\"ok\",\"database\":true,\"blobStoreWritable\":true}\n");

    gatehouse.getBytes("/maven2/" + CLEAN);
    String metrics = text(gatehouse.getBytes("/metrics"));
    assertThat(metrics).contains("gatehouse_http_requests_total{route=\"maven\",status=\"200\"}",
        "gatehouse_verdicts_total{decision=\"allow\"", "gatehouse_upstream_fetch_seconds");
  }

  @Test
  void firstFetchesBeyondTheConfiguredBoundAre503WithRetryAfter() throws Exception {
    gatehouse.close();
    gatehouse = TestGatehouse.builder(tmp).dataDir(tmp.resolve("data-busy")).maven(upstream.url().toString())
        .upstreamReads("2s", 1)
        .maxConcurrentFetches(1).start();
    byte[] jar = Files.readAllBytes(tmp.resolve("lib-1.0.jar"));
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    upstream.respond(CLEAN, () -> {
      try {
        release.await(20, java.util.concurrent.TimeUnit.SECONDS); // holds the only fetch slot
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new okhttp3.mockwebserver.MockResponse().setBody(new okio.Buffer().write(jar));
    });
    var slow = gatehouse.http().sendAsync(java.net.http.HttpRequest.newBuilder(gatehouse.uri("/maven2/" + CLEAN))
        .build(), HttpResponse.BodyHandlers.ofByteArray());
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (upstream.requests(CLEAN) == 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }

    HttpResponse<byte[]> busy = gatehouse.getBytes("/maven2/" + BAD);
    release.countDown();

    assertThat(busy.statusCode()).isEqualTo(503);
    assertThat(busy.headers().firstValue("Retry-After")).contains("5");
    assertThat(text(busy)).contains("server.maxConcurrentFetches");
    assertThat(slow.get(20, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  @Test
  void aZipDistributionIsAnalyzedLikeAJarBeforeItIsServed() throws Exception {
    Path lib = FixtureJar.clean("org.example.dist").build(tmp, "inner.jar");
    Path zip = ArchiveFixture.create()
        .file("dist-1.0/lib/inner.jar", Files.readAllBytes(lib)).file("dist-1.0/README.txt", "a distribution")
        .zip(tmp.resolve("dist-1.0-bin.zip"));
    Path bad = ArchiveFixture.create()
        .file("dist-2.0/lib/beacon.jar", Files.readAllBytes(FixtureJar.beacon().build(tmp, "beacon-in-zip.jar")))
        .zip(tmp.resolve("dist-2.0-bin.zip"));
    upstream.put("org/example/dist/1.0/dist-1.0-bin.zip", zip);
    upstream.put("org/example/dist/2.0/dist-2.0-bin.zip", bad);

    assertThat(gatehouse.getBytes("/maven2/org/example/dist/1.0/dist-1.0-bin.zip").statusCode()).isEqualTo(200);
    HttpResponse<byte[]> refused = gatehouse.getBytes("/maven2/org/example/dist/2.0/dist-2.0-bin.zip");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(text(refused)).contains("exfiltration", "fixture.Beacon");
  }

  @Test
  void fileTypesGatehouseCannotAnalyzeAreRefused() throws Exception {
    HttpResponse<byte[]> response = gatehouse.getBytes("/maven2/org/example/lib/1.0/lib-1.0-linux.exe");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(text(response)).contains("does not serve file types it cannot analyze");
    assertThat(response.headers().firstValue("X-Gatehouse-Verdict")).hasValue("block");
    assertThat(response.headers().firstValue("X-Gatehouse-Rule")).hasValue("unanalyzable-file-type");
    assertThat(response.headers().firstValue("X-Gatehouse-Reason")).hasValueSatisfying(r -> assertThat(r)
        .startsWith("Gatehouse refuses lib-1.0-linux.exe"));
  }

  private String raw(String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", gatehouse.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) > 0) {
        response.write(buffer, 0, n);
      }
      return response.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  static byte[] read(Path p) throws Exception {
    return Files.readAllBytes(p);
  }
}
