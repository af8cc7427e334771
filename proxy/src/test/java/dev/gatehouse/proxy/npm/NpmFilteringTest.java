package dev.gatehouse.proxy.npm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.analyzer.Analyzer;
import dev.gatehouse.core.store.Database;
import dev.gatehouse.core.store.StoredVerdict;
import dev.gatehouse.core.store.VerdictStore;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.policy.Policy;
import dev.gatehouse.policy.Verdict;
import dev.gatehouse.proxy.testing.TestClock;
import dev.gatehouse.proxy.testing.TestGatehouse;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Versions that Gatehouse will not serve are left out of packuments, so that resolvers pick one it will: stored
 * refusals, the deny list and the cooldown, with {@code dist-tags} and {@code time} repaired to match.
 */
class NpmFilteringTest {
  private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
  private static final String POLICY = """
      deny:
        - { ecosystem: npm, name: left-pad, versions: ["1.2.0"], reason: "compromised, see GHSA-test" }
      cooldown:
        minimum-age: 3d
      """;

  @TempDir Path tmp;
  private final ObjectMapper mapper = new ObjectMapper();
  private FakeNpmRegistry upstream;
  private TestGatehouse gatehouse;

  @BeforeEach
  void publish() throws Exception {
    upstream = new FakeNpmRegistry(tmp);
    upstream.version("left-pad", "1.0.0").publishedAt(Instant.parse("2024-01-01T00:00:00Z")).publish();
    upstream.version("left-pad", "1.1.0").publishedAt(Instant.parse("2024-02-01T00:00:00Z")).publish();
    upstream.version("left-pad", "2.0.0-beta.1").publishedAt(Instant.parse("2024-03-01T00:00:00Z")).publish();
    upstream.version("left-pad", "1.2.0").publishedAt(Instant.parse("2024-04-01T00:00:00Z")).publish();
    upstream.distTag("left-pad", "next", "2.0.0-beta.1");
    upstream.distTag("left-pad", "legacy", "1.0.0");
  }

  @AfterEach
  void stop() throws Exception {
    if (gatehouse != null) {
      gatehouse.close();
    }
    upstream.close();
  }

  @Test
  void aDeniedLatestIsWithheldAndLatestMovesToTheNewestReleaseBelowIt() throws Exception {
    gatehouse = TestGatehouse.builder(tmp).npm(upstream.url()).policy(POLICY)
        .clock(TestClock.at(NOW)).upstreamReads("10s", 0).start();

    JsonNode doc = mapper.readTree(gatehouse.get("/npm/left-pad").body());

    assertThat(doc.path("versions").fieldNames()).toIterable().containsExactly("1.0.0", "1.1.0", "2.0.0-beta.1");
    assertThat(doc.path("dist-tags").path("latest").asText()).isEqualTo("1.1.0");
    assertThat(doc.path("dist-tags").path("next").asText()).isEqualTo("2.0.0-beta.1");
    assertThat(doc.path("dist-tags").path("legacy").asText()).isEqualTo("1.0.0");
    assertThat(doc.path("time").has("1.2.0")).isFalse();
    assertThat(doc.path("time").has("created")).isTrue();
  }

  @Test
  void aTagOtherThanLatestIsDroppedWhenItsVersionIsWithheld() throws Exception {
    gatehouse = TestGatehouse.builder(tmp).npm(upstream.url()).policy("""
        deny:
          - { ecosystem: npm, name: left-pad, versions: ["2.0.0-beta.1"] }
        """)
        .clock(TestClock.at(NOW)).upstreamReads("10s", 0).start();

    JsonNode doc = mapper.readTree(gatehouse.get("/npm/left-pad", "Accept", "application/vnd.npm.install-v1+json").body());

    assertThat(doc.path("dist-tags").fieldNames()).toIterable().containsExactlyInAnyOrder("latest", "legacy");
    assertThat(doc.path("dist-tags").path("latest").asText()).isEqualTo("1.2.0");
    assertThat(doc.path("versions").has("2.0.0-beta.1")).isFalse();
  }

  @Test
  void aDeniedTarballIsRefusedWithThePackageTheRuleAndTheReasonInNpmsErrorField() throws Exception {
    gatehouse = TestGatehouse.builder(tmp).npm(upstream.url()).policy(POLICY)
        .clock(TestClock.at(NOW)).upstreamReads("10s", 0).start();

    HttpResponse<String> response = gatehouse.get("/npm/left-pad/-/left-pad-1.2.0.tgz");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(mapper.readTree(response.body()).path("error").asText())
        .startsWith("left-pad@1.2.0 (left-pad-1.2.0.tgz) blocked by Gatehouse rule deny: ")
        .contains("npm left-pad@1.2.0 is on the deny list: compromised, see GHSA-test");
    assertThat(upstream.requestsFor("/left-pad/-/left-pad-1.2.0.tgz")).isZero();
    assertThat(response.headers().firstValue("X-Gatehouse-Verdict")).hasValue("block");
    assertThat(response.headers().firstValue("X-Gatehouse-Rule")).hasValue("deny");
    assertThat(response.headers().firstValue("X-Gatehouse-Quarantine-Id")).isEmpty();
    assertThat(response.headers().firstValue("X-Gatehouse-Reason")).hasValue(
        mapper.readTree(response.body()).path("error").asText());
    assertThat(response.headers().firstValue("npm-notice")).hasValue(
        mapper.readTree(response.body()).path("error").asText());

    HttpResponse<String> manifest = gatehouse.get("/npm/left-pad/1.2.0");

    assertThat(manifest.statusCode()).isEqualTo(403);
    assertThat(manifest.headers().firstValue("X-Gatehouse-Rule")).hasValue("deny");
    assertThat(mapper.readTree(manifest.body()).path("error").asText())
        .isEqualTo("left-pad@1.2.0 is blocked by Gatehouse rule deny: "
            + "npm left-pad@1.2.0 is on the deny list: compromised, see GHSA-test");
  }

  @Test
  void versionsYoungerThanTheCooldownAreWithheldUntilTheyAreOldEnough() throws Exception {
    upstream.version("left-pad", "1.3.0").publishedAt(NOW.minus(Duration.ofDays(1))).publish();
    gatehouse = TestGatehouse.builder(tmp).npm(upstream.url()).policy(POLICY)
        .clock(TestClock.at(NOW)).upstreamReads("10s", 0).start();

    JsonNode young = mapper.readTree(gatehouse.get("/npm/left-pad").body());
    HttpResponse<String> tarball = gatehouse.get("/npm/left-pad/-/left-pad-1.3.0.tgz");
    HttpResponse<String> manifest = gatehouse.get("/npm/left-pad/1.3.0");
    gatehouse.clock().advance(Duration.ofDays(3));
    JsonNode old = mapper.readTree(gatehouse.get("/npm/left-pad").body());

    assertThat(young.path("versions").has("1.3.0")).isFalse();
    assertThat(young.path("dist-tags").path("latest").asText()).isEqualTo("1.1.0");
    assertThat(tarball.statusCode()).isEqualTo(403);
    assertThat(mapper.readTree(tarball.body()).path("error").asText())
        .startsWith("left-pad@1.3.0 (left-pad-1.3.0.tgz) quarantined by Gatehouse rule cooldown: ")
        .contains("cooldown.minimum-age is 3d, so it is served from 2024-06-03T12:00:00Z");
    assertThat(manifest.statusCode()).isEqualTo(403);
    assertThat(manifest.headers().firstValue("X-Gatehouse-Rule")).hasValue("cooldown");
    assertThat(mapper.readTree(manifest.body()).path("error").asText())
        .startsWith("left-pad@1.3.0 is held by Gatehouse rule cooldown until 2024-06-03T12:00:00Z");
    assertThat(old.path("versions").has("1.3.0")).isTrue();
    assertThat(old.path("dist-tags").path("latest").asText()).isEqualTo("1.3.0");
  }

  @Test
  void versionsWithAStoredQuarantineOrBlockAreWithheldAndAnAllowedOneStays() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    try (Database db = Database.openSqlite(data)) {
      VerdictStore verdicts = new VerdictStore(db, 0);
      verdicts.put(stored("1.2.0", Verdict.block("exfiltration", "reads ~/.npmrc and posts it")));
      verdicts.put(stored("1.1.0", Verdict.quarantine("install-time-code", "a postinstall script")));
      verdicts.put(stored("1.0.0", Verdict.allow("no-blocking-findings")));
    }
    gatehouse = TestGatehouse.builder(tmp).npm(upstream.url())
        .clock(TestClock.at(NOW)).upstreamReads("10s", 0).start();

    JsonNode doc = mapper.readTree(gatehouse.get("/npm/left-pad").body());

    assertThat(doc.path("versions").fieldNames()).toIterable().containsExactly("1.0.0", "2.0.0-beta.1");
    assertThat(doc.path("dist-tags").path("latest").asText()).isEqualTo("1.0.0");
  }

  private static StoredVerdict stored(String version, Verdict verdict) {
    PackageRef ref = new PackageRef(Ecosystem.NPM, "left-pad", version, "left-pad-" + version + ".tgz");
    return new StoredVerdict(ref, "ab".repeat(32), verdict, Policy.defaults().version(), Analyzer.VERSION,
        Instant.parse("2024-05-01T00:00:00Z"));
  }

  @Test
  void theEtagChangesWhenAVersionIsWithheld() throws Exception {
    upstream.version("left-pad", "1.3.0").publishedAt(NOW.minus(Duration.ofDays(1))).publish();
    gatehouse = TestGatehouse.builder(tmp).npm(upstream.url()).policy(POLICY)
        .clock(TestClock.at(NOW)).upstreamReads("10s", 0).start();
    String before = gatehouse.get("/npm/left-pad").headers().firstValue("ETag").orElseThrow();

    gatehouse.clock().advance(Duration.ofDays(3));
    HttpResponse<String> after = gatehouse.get("/npm/left-pad", "If-None-Match", before);

    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(List.of(after.headers().firstValue("ETag").orElseThrow())).doesNotContain(before);
  }
}
