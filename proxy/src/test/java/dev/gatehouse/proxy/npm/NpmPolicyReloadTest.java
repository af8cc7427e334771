package dev.gatehouse.proxy.npm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.proxy.testing.TestClock;
import dev.gatehouse.proxy.testing.TestGatehouse;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A policy reload ({@code POST /api/v1/policy/reload}) changes what npm is shown and served without a restart:
 * a deny entry added hides its version and moves {@code latest}, one removed shows it again, and trusting a
 * package serves its quarantined version, from the packument the cache already holds.
 */
class NpmPolicyReloadTest {
  private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");

  @TempDir Path tmp;
  private final ObjectMapper mapper = new ObjectMapper();
  private FakeNpmRegistry upstream;
  private TestGatehouse gatehouse;

  @BeforeEach
  void start() throws Exception {
    upstream = new FakeNpmRegistry(tmp);
    upstream.version("left-pad", "1.0.0").publishedAt(Instant.parse("2024-01-01T00:00:00Z")).publish();
    upstream.version("left-pad", "1.1.0").publishedAt(Instant.parse("2024-02-01T00:00:00Z")).publish();
    upstream.version("hooky", "1.0.0").publishedAt(Instant.parse("2024-01-01T00:00:00Z"))
        .script("postinstall", "node build.js")
        .file("build.js", "require('child_process').execSync('make all');\n").publish();
    gatehouse = TestGatehouse.builder(tmp).npm(upstream.url()).policy("cooldown:\n  minimum-age: 0s\n")
        .clock(TestClock.at(NOW)).upstreamReads("10s", 0).start();
  }

  @AfterEach
  void stop() throws Exception {
    gatehouse.close();
    upstream.close();
  }

  private JsonNode packument(String name) throws Exception {
    HttpResponse<String> response = gatehouse.get("/npm/" + name);
    assertThat(response.statusCode()).isEqualTo(200);
    return mapper.readTree(response.body());
  }

  private JsonNode reload(String policy) throws Exception {
    Files.writeString(gatehouse.policyFile(), policy);
    HttpResponse<String> response = gatehouse.admin("POST", "/api/v1/policy/reload", "");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return mapper.readTree(response.body());
  }

  @Test
  void aDenyEntryAddedByReloadHidesItsVersionAndARemovedOneShowsItAgain() throws Exception {
    assertThat(packument("left-pad").path("dist-tags").path("latest").asText()).isEqualTo("1.1.0");

    JsonNode report = reload("""
        deny:
          - { ecosystem: npm, name: left-pad, versions: ["1.1.0"], reason: "incident 7" }
        """);

    assertThat(report.path("applied").asBoolean()).isTrue();
    JsonNode hidden = packument("left-pad");
    assertThat(hidden.path("versions").has("1.1.0")).isFalse();
    assertThat(hidden.path("dist-tags").path("latest").asText()).isEqualTo("1.0.0");
    assertThat(gatehouse.get("/npm/left-pad/-/left-pad-1.1.0.tgz").body()).contains("incident 7");

    reload("cooldown:\n  minimum-age: 0s\n");

    JsonNode shown = packument("left-pad");
    assertThat(shown.path("versions").has("1.1.0")).isTrue();
    assertThat(shown.path("dist-tags").path("latest").asText()).isEqualTo("1.1.0");
    assertThat(gatehouse.get("/npm/left-pad/-/left-pad-1.1.0.tgz").statusCode()).isEqualTo(200);
  }

  @Test
  void trustingAPackageByReloadServesItsQuarantinedVersionWithoutAnotherDownload() throws Exception {
    assertThat(gatehouse.get("/npm/hooky/-/hooky-1.0.0.tgz").statusCode()).isEqualTo(403);

    JsonNode report = reload("""
        trusted:
          npm: ["hooky"]
        """);

    assertThat(report.path("verdicts")).singleElement().satisfies(change -> {
      assertThat(change.path("package").asText()).isEqualTo("hooky");
      assertThat(change.path("old").path("decision").asText()).isEqualTo("quarantine");
      assertThat(change.path("new").path("decision").asText()).isEqualTo("allow");
      assertThat(change.path("new").path("rule").asText()).isEqualTo("trusted");
    });
    assertThat(report.path("rederived").asInt()).isEqualTo(1);
    JsonNode doc = packument("hooky");
    assertThat(doc.path("versions").has("1.0.0")).isTrue();
    assertThat(doc.path("dist-tags").path("latest").asText()).isEqualTo("1.0.0");
    assertThat(gatehouse.get("/npm/hooky/-/hooky-1.0.0.tgz").statusCode()).isEqualTo(200);
    assertThat(upstream.requestsFor("/hooky/-/hooky-1.0.0.tgz")).isEqualTo(1);

    // The entry left the queue, saying which rule lets the bytes through; untrusted again, it is back.
    JsonNode lifted = mapper.readTree(gatehouse.adminGet("/api/v1/quarantine?status=lifted").body()).path("entries");
    assertThat(lifted).singleElement().satisfies(entry -> {
      assertThat(entry.path("package").asText()).isEqualTo("hooky");
      assertThat(entry.toString()).contains("gatehouse", "allowed by Gatehouse rule trusted");
    });
    assertThat(mapper.readTree(gatehouse.adminGet("/api/v1/quarantine?status=pending").body()).path("entries"))
        .isEmpty();
    reload("trusted:\n  npm: []\n");
    assertThat(gatehouse.get("/npm/hooky/-/hooky-1.0.0.tgz").statusCode()).isEqualTo(403);
    JsonNode pending = mapper.readTree(gatehouse.adminGet("/api/v1/quarantine?status=pending").body()).path("entries");
    assertThat(pending).singleElement().satisfies(entry ->
        assertThat(entry.path("id").asText()).isEqualTo(lifted.get(0).path("id").asText()));
  }

  @Test
  void aDryRunListsTheVerdictsAndDocumentsAPolicyWouldChangeAndChangesNothing() throws Exception {
    assertThat(gatehouse.get("/npm/hooky/-/hooky-1.0.0.tgz").statusCode()).isEqualTo(403);
    packument("left-pad");

    HttpResponse<String> response = gatehouse.admin("POST", "/api/v1/policy/check", """
        trusted:
          npm: ["hooky"]
        deny:
          - { ecosystem: npm, name: left-pad, versions: ["1.1.0"] }
        """);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode report = mapper.readTree(response.body());
    assertThat(report.path("applied").asBoolean()).isFalse();
    assertThat(report.path("verdicts")).extracting(c -> c.path("package").asText() + " "
        + c.path("old").path("decision").asText() + " -> " + c.path("new").path("decision").asText())
        .containsExactly("hooky quarantine -> allow");
    assertThat(report.path("documents")).anySatisfy(d -> {
      assertThat(d.path("package").asText()).isEqualTo("left-pad");
      assertThat(d.path("hidden")).extracting(JsonNode::asText).containsExactly("1.1.0");
      assertThat(d.path("latest").path("old").asText()).isEqualTo("1.1.0");
      assertThat(d.path("latest").path("new").asText()).isEqualTo("1.0.0");
    });
    assertThat(gatehouse.get("/npm/hooky/-/hooky-1.0.0.tgz").statusCode()).isEqualTo(403);
    assertThat(packument("left-pad").path("dist-tags").path("latest").asText()).isEqualTo("1.1.0");
  }

  @Test
  void aBrokenPolicyFileIsRefusedNamingTheFileAndKeyAndThePolicyInForceStays() throws Exception {
    Files.writeString(gatehouse.policyFile(), "deny:\n  - { ecosystem: npm, nmae: left-pad }\n");

    HttpResponse<String> response = gatehouse.admin("POST", "/api/v1/policy/reload", "");

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.body()).contains(gatehouse.policyFile().getFileName().toString(), "nmae",
        "the policy in force is unchanged");
    assertThat(gatehouse.get("/npm/left-pad/-/left-pad-1.1.0.tgz").statusCode()).isEqualTo(200);
  }

  @Test
  void aPolicySentForADryRunThatDoesNotParseIsA400NamingTheKey() throws Exception {
    HttpResponse<String> response = gatehouse.admin("POST", "/api/v1/policy/check", "rules: 42\n");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("request body", "rules");
  }

  @Test
  void theReloadAnswersOnlyToTheAdminToken() throws Exception {
    HttpResponse<String> response = gatehouse.send("POST", "/api/v1/policy/reload",
        java.net.http.HttpRequest.BodyPublishers.noBody());

    assertThat(response.statusCode()).isEqualTo(401);
  }
}
