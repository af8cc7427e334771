package dev.gatehouse.proxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.testing.TestClock;
import dev.gatehouse.proxy.testing.TestGatehouse;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code maven-metadata.xml} through the shared metadata cache and release filter, over real sockets: versions
 * the deny list names or the cooldown holds are left out with {@code latest} and {@code release} repaired, a copy
 * is served stale with a {@code Warning} while the upstream is down, and concurrent requests share one fetch.
 */
class MavenMetadataFilterTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final String METADATA = "org/example/lib/maven-metadata.xml";
  private static final String POLICY = """
      deny:
        - { ecosystem: maven, name: "org.example:lib", versions: ["1.2"], reason: "compromised, see GHSA-test" }
      cooldown:
        minimum-age: 3d
      """;

  @TempDir Path tmp;
  private FakeMavenRepository upstream;
  private TestGatehouse gatehouse;

  @BeforeEach
  void start() throws Exception {
    upstream = new FakeMavenRepository();
    gatehouse = TestGatehouse.builder(tmp).maven(upstream.url().toString()).policy(POLICY)
        .yaml("cache:\n  metadataTtl: 5m\n").clock(TestClock.at(NOW)).start();
  }

  @AfterEach
  void stop() throws Exception {
    gatehouse.close();
    upstream.close();
  }

  /** Versions 1.0 to 2.0 of org.example:lib, the last deployed at {@code deployed}. */
  private byte[] publishMetadata(Instant deployed) {
    return upstream.putMetadata("org.example", "lib", deployed, "1.0", "1.1", "1.2", "2.0");
  }

  private String metadata() throws Exception {
    HttpResponse<String> response = gatehouse.get("/maven2/" + METADATA);
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  @Test
  void aDenyListedAndATooYoungVersionAreLeftOutAndLatestAndReleaseMoveToTheNewestServedOne() throws Exception {
    publishMetadata(NOW.minus(Duration.ofHours(1)));

    String xml = metadata();

    assertThat(xml).contains("<version>1.0</version>", "<version>1.1</version>", "<latest>1.1</latest>",
        "<release>1.1</release>").doesNotContain("<version>1.2</version>", "<version>2.0</version>");
  }

  /** A version left out of the metadata exists all the same: fetched directly, its jar and pom say why. */
  @Test
  void theJarAndPomOfADenyListedVersionAnswer403WithTheRuleAndTheReasonNever404() throws Exception {
    publishMetadata(NOW.minus(Duration.ofDays(30)));
    upstream.put("org/example/lib/1.2/lib-1.2.jar", new byte[] {'P', 'K', 5, 6});
    upstream.put("org/example/lib/1.2/lib-1.2.pom", "<project/>".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    for (String file : List.of("lib-1.2.jar", "lib-1.2.pom")) {
      HttpResponse<String> response = gatehouse.get("/maven2/org/example/lib/1.2/" + file);

      assertThat(response.statusCode()).as(file).isEqualTo(403);
      assertThat(response.headers().firstValue("X-Gatehouse-Verdict")).as(file).hasValue("block");
      assertThat(response.headers().firstValue("X-Gatehouse-Rule")).as(file).hasValue("deny");
      assertThat(response.headers().firstValue("X-Gatehouse-Reason")).as(file).hasValueSatisfying(reason ->
          assertThat(reason).startsWith("org.example:lib:1.2 ")
              .contains("blocked by Gatehouse rule deny: ", "compromised, see GHSA-test"));
      assertThat(upstream.requests("org/example/lib/1.2/" + file)).as(file).isZero();
    }
  }

  @Test
  void theNewestVersionReturnsOnceItsDeployIsOlderThanTheCooldown() throws Exception {
    publishMetadata(NOW.minus(Duration.ofDays(2)));
    assertThat(metadata()).doesNotContain("<version>2.0</version>");

    gatehouse.clock().advance(Duration.ofDays(1).plusMinutes(1)); // past the cooldown, and past the TTL

    assertThat(metadata()).contains("<version>2.0</version>", "<latest>2.0</latest>")
        .doesNotContain("<version>1.2</version>");
  }

  @Test
  void whenTheUpstreamIsDownTheLastCopyIsServedStaleWithAWarning() throws Exception {
    publishMetadata(NOW.minus(Duration.ofDays(30)));
    assertThat(metadata()).contains("<version>2.0</version>");

    upstream.goDown();
    gatehouse.clock().advance(Duration.ofMinutes(6));
    HttpResponse<String> stale = gatehouse.get("/maven2/" + METADATA);

    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(stale.body()).contains("<version>2.0</version>");
    assertThat(stale.headers().firstValue("Warning")).hasValueSatisfying(warning -> assertThat(warning)
        .startsWith("110 gatehouse \"Response is Stale: copy fetched at " + NOW).contains("503"));
    assertThat(upstream.requests(METADATA)).isEqualTo(2);
  }

  @Test
  void aMalformedDocumentFromTheUpstreamNeverReplacesTheLastGoodCopy() throws Exception {
    publishMetadata(NOW.minus(Duration.ofDays(30)));
    assertThat(metadata()).contains("<version>2.0</version>");

    upstream.put(METADATA, "<metadata><versioning><versions><version>3.0</vers".getBytes(StandardCharsets.UTF_8));
    gatehouse.clock().advance(Duration.ofMinutes(6));
    HttpResponse<String> stale = gatehouse.get("/maven2/" + METADATA);

    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(stale.body()).contains("<version>2.0</version>").doesNotContain("3.0");
    assertThat(stale.headers().firstValue("Warning")).hasValueSatisfying(warning -> assertThat(warning)
        .startsWith("110 gatehouse \"Response is Stale").contains("well-formed"));
  }

  @Test
  void aMalformedDocumentWithoutAnEarlierCopyIsA502ThatSaysWhy() throws Exception {
    upstream.put(METADATA, "not xml at all".getBytes(StandardCharsets.UTF_8));

    HttpResponse<String> response = gatehouse.get("/maven2/" + METADATA);

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.body()).contains("well-formed");
  }

  @Test
  void withoutAnEarlierCopyAnUpstreamOutageIsA502() throws Exception {
    upstream.goDown();

    HttpResponse<String> response = gatehouse.get("/maven2/" + METADATA);

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.headers().firstValue("Warning")).isEmpty();
  }

  @Test
  void thirtyTwoConcurrentRequestsShareOneUpstreamFetch() throws Exception {
    byte[] xml = publishMetadata(NOW.minus(Duration.ofDays(30)));
    upstream.respond(METADATA, () -> new MockResponse().setBody(new okio.Buffer().write(xml))
        .setHeadersDelay(300, TimeUnit.MILLISECONDS));

    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      responses.add(gatehouse.http().sendAsync(HttpRequest.newBuilder(gatehouse.uri("/maven2/" + METADATA)).build(),
          HttpResponse.BodyHandlers.ofString()));
    }

    for (CompletableFuture<HttpResponse<String>> r : responses) {
      assertThat(r.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(r.get().body()).contains("<version>2.0</version>");
    }
    assertThat(upstream.requests(METADATA)).isEqualTo(1);
  }
}
