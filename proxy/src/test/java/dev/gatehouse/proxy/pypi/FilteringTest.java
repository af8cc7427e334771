package dev.gatehouse.proxy.pypi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.analyzer.Analyzer;
import dev.gatehouse.core.store.Database;
import dev.gatehouse.core.store.StoredVerdict;
import dev.gatehouse.core.store.VerdictStore;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.policy.Verdict;
import dev.gatehouse.proxy.testing.FakeUpstream;
import dev.gatehouse.proxy.testing.RawRequest;
import dev.gatehouse.proxy.testing.TestClock;
import dev.gatehouse.proxy.testing.TestGatehouse;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a served page leaves out, so that resolvers pick a file Gatehouse will serve: stored refusals,
 * denied versions, and files younger than the cooldown, whose direct download is refused before a byte is
 * fetched.
 */
class FilteringTest {
  private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
  private static final String POLICY = """
      deny:
        - { ecosystem: pypi, name: Demo_Pkg, versions: ["0.5"], reason: "compromised in a drill" }
      cooldown:
        minimum-age: 7d
      """;

  @TempDir Path tmp;
  private final TestClock clock = TestClock.at(NOW);
  private final ObjectMapper json = new ObjectMapper();
  private FakeUpstream upstream;
  private TestGatehouse gatehouse;

  @BeforeEach
  void start() throws Exception {
    upstream = FakeUpstream.start();
    gatehouse = TestGatehouse.builder(tmp).pypi(upstream.url("/simple/"), upstream.url("/files/")).policy(POLICY)
        .clock(clock).blockingThreads(8).start();
    upstream.text("/simple/demo-pkg/", "application/vnd.pypi.simple.v1+json", """
        {"meta": {"api-version": "1.1"}, "name": "demo-pkg", "versions": ["0.5", "1.0", "2.0", "3.0"],
         "files": [
          {"filename": "demo_pkg-0.5-py3-none-any.whl", "url": "../../files/demo_pkg-0.5-py3-none-any.whl",
           "hashes": {"sha256": "%1$s"}, "size": 10, "upload-time": "2025-01-01T00:00:00Z"},
          {"filename": "demo_pkg-1.0-py3-none-any.whl", "url": "../../files/demo_pkg-1.0-py3-none-any.whl",
           "hashes": {"sha256": "%1$s"}, "size": 10, "upload-time": "2026-03-01T00:00:00Z"},
          {"filename": "demo_pkg-1.0.tar.gz", "url": "../../files/demo_pkg-1.0.tar.gz",
           "hashes": {"sha256": "%1$s"}, "size": 10, "upload-time": "2026-03-01T00:00:00Z"},
          {"filename": "demo_pkg-2.0-py3-none-any.whl", "url": "../../files/demo_pkg-2.0-py3-none-any.whl",
           "hashes": {"sha256": "%1$s"}, "size": 10, "upload-time": "2026-04-30T12:00:00Z"}
         ]}
        """.formatted("0".repeat(64)));
  }

  @AfterEach
  void stop() throws Exception {
    gatehouse.close();
    upstream.close();
  }

  private JsonNode page() throws Exception {
    return json.readTree(gatehouse.get("/pypi/simple/demo-pkg/", "Accept", SimpleIndexTest.PIP_ACCEPT).body());
  }

  @Test
  void deniedVersionsAndFilesYoungerThanTheCooldownAreLeftOut() throws Exception {
    JsonNode page = page();

    assertThat(page.path("files")).extracting(f -> f.path("filename").asText())
        .containsExactly("demo_pkg-1.0-py3-none-any.whl", "demo_pkg-1.0.tar.gz");
    assertThat(page.path("versions")).extracting(JsonNode::asText)
        .as("a version with no file left goes; one listed without files stays").containsExactly("1.0", "3.0");
  }

  @Test
  void aFileYoungerThanTheCooldownIsRefusedBeforeAnyByteIsFetchedAndListedOnceOldEnough() throws Exception {
    String path = "/pypi/files/demo-pkg/" + upstream.hostPort() + "/files/demo_pkg-2.0-py3-none-any.whl";

    RawRequest.Answer young = RawRequest.get(gatehouse.port(), path);

    assertThat(young.status()).isEqualTo(403);
    assertThat(young.statusLine()).contains("demo_pkg-2.0-py3-none-any.whl", "by Gatehouse rule cooldown",
        "published at 2026-04-30T12:00:00Z (1d ago)");
    assertThat(upstream.hits("/files/demo_pkg-2.0-py3-none-any.whl")).isZero();

    clock.advance(Duration.ofDays(7));
    assertThat(page().path("files")).extracting(f -> f.path("filename").asText())
        .contains("demo_pkg-2.0-py3-none-any.whl");
  }

  @Test
  void aDeniedVersionIsRefusedBeforeAnyByteIsFetched() throws Exception {
    RawRequest.Answer denied = RawRequest.get(gatehouse.port(),
        "/pypi/files/demo-pkg/" + upstream.hostPort() + "/files/demo_pkg-0.5-py3-none-any.whl");

    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.statusLine()).contains("by Gatehouse rule deny", "compromised in a drill");
    assertThat(upstream.hits("/files/demo_pkg-0.5-py3-none-any.whl")).isZero();
  }

  @Test
  void aRefusedFileCarriesTheVerdictHeaders() throws Exception {
    HttpResponse<String> young = gatehouse.get(
        "/pypi/files/demo-pkg/" + upstream.hostPort() + "/files/demo_pkg-2.0-py3-none-any.whl");

    assertThat(young.statusCode()).isEqualTo(403);
    assertThat(young.headers().firstValue("X-Gatehouse-Verdict")).hasValue("quarantine");
    assertThat(young.headers().firstValue("X-Gatehouse-Rule")).hasValue("cooldown");
    assertThat(young.headers().firstValue("X-Gatehouse-Reason")).hasValueSatisfying(reason -> assertThat(reason)
        .startsWith("demo-pkg@2.0 (demo_pkg-2.0-py3-none-any.whl) quarantined by Gatehouse rule cooldown: ")
        .contains("so it is served from 2026-05-07T12:00:00Z"));
  }

  @Test
  void aStoredRefusalTakesTheFileOffItsPageAtOnceAndChangesTheETag() throws Exception {
    HttpResponse<String> before = gatehouse.get("/pypi/simple/demo-pkg/", "Accept", "text/html");
    assertThat(before.body()).contains("demo_pkg-1.0.tar.gz");

    // Another Gatehouse sharing the database refused the sdist; this one sees it on the next request.
    try (Database db = Database.openSqlite(gatehouse.dataDir())) {
      new VerdictStore(db, 0).put(new StoredVerdict(
          new PackageRef(Ecosystem.PYPI, "demo-pkg", "1.0", "demo_pkg-1.0.tar.gz"), "1".repeat(64),
          Verdict.block("install-hook-exfiltration", "setup.py reads the environment and posts it"),
          "some-policy", Analyzer.VERSION, NOW));
    }
    HttpResponse<String> after = gatehouse.get("/pypi/simple/demo-pkg/", "Accept", "text/html",
        "If-None-Match", before.headers().firstValue("ETag").orElseThrow());

    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(after.body()).contains("demo_pkg-1.0-py3-none-any.whl").doesNotContain("demo_pkg-1.0.tar.gz");
    assertThat(after.headers().firstValue("X-Gatehouse-Filtered")).hasValue("3");
  }
}
