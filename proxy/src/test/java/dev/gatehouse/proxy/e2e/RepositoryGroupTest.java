package dev.gatehouse.proxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.testing.TestGatehouse;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several Maven repositories behind one Gatehouse, tried in order; and the checksums each one publishes. */
class RepositoryGroupTest {
  private static final String JAR = "org/example/lib/1.0/lib-1.0.jar";
  private static final String METADATA = "org/example/lib/maven-metadata.xml";

  @TempDir Path tmp;
  private FakeMavenRepository first;
  private FakeMavenRepository second;
  private TestGatehouse gatehouse;
  private byte[] jar;

  @BeforeEach
  void start() throws Exception {
    first = new FakeMavenRepository();
    second = new FakeMavenRepository();
    jar = Files.readAllBytes(FixtureJar.clean("org.example.lib").build(tmp, "lib.jar"));
    gatehouse = TestGatehouse.builder(tmp).dataDir(tmp.resolve("data"))
        .maven(first.url().toString(), second.url().toString()).upstreamReads("2s", 1).start();
  }

  @AfterEach
  void stop() throws Exception {
    gatehouse.close();
    first.close();
    second.close();
  }

  @Test
  void anArtifactOnlyTheSecondRepositoryHasIsFetchedAndVerifiedThere() throws Exception {
    second.put(JAR, jar);

    HttpResponse<byte[]> response = gatehouse.getBytes("/maven2/" + JAR);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(jar);
    assertThat(first.requests(JAR)).isEqualTo(1);
    assertThat(first.requests(JAR + ".sha1")).isZero();
    assertThat(second.requests(JAR + ".sha1")).isEqualTo(1);
  }

  @Test
  void theFirstRepositoryThatHasAnArtifactWins() throws Exception {
    first.put(JAR, jar);
    second.put(JAR, "other bytes".getBytes(StandardCharsets.UTF_8));

    assertThat(gatehouse.getBytes("/maven2/" + JAR).body()).isEqualTo(jar);
    assertThat(second.totalRequests()).isZero();
  }

  @Test
  void metadataOfTheGroupListsTheVersionsOfEveryRepository() throws Exception {
    first.put(METADATA, metadata("1.0"));
    second.put(METADATA, metadata("2.0"));

    String xml = new String(gatehouse.getBytes("/maven2/" + METADATA).body(), StandardCharsets.UTF_8);

    assertThat(xml).contains("<version>1.0</version>", "<version>2.0</version>");
  }

  @Test
  void aRepositoryThatPublishesOnlySha256IsVerifiedWithIt() throws Exception {
    first.put(JAR, jar);
    first.respond(JAR + ".sha1", () -> new MockResponse().setResponseCode(404));
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar));
    first.respond(JAR + ".sha256", () -> new MockResponse().setBody(sha256 + "  lib-1.0.jar\n"));

    assertThat(gatehouse.getBytes("/maven2/" + JAR).statusCode()).isEqualTo(200);
  }

  @Test
  void anArtifactWithoutAnyPublishedChecksumIsRefusedAsUnverifiable() throws Exception {
    first.put(JAR, jar);
    for (String algorithm : List.of("sha1", "sha256", "sha512")) {
      first.respond(JAR + "." + algorithm, () -> new MockResponse().setResponseCode(404));
    }

    HttpResponse<byte[]> response = gatehouse.getBytes("/maven2/" + JAR);

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(new String(response.body(), StandardCharsets.UTF_8))
        .contains("publishes no .sha1, .sha256 or .sha512", "cannot verify it");
    assertThat(MavenGateTest.filesUnder(tmp.resolve("data/blobs"))).isEmpty();
  }

  private static byte[] metadata(String version) {
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><metadata><groupId>org.example</groupId>"
        + "<artifactId>lib</artifactId><versioning><latest>" + version + "</latest><versions><version>" + version
        + "</version></versions></versioning></metadata>").getBytes(StandardCharsets.UTF_8);
  }
}
