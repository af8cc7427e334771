package dev.gatehouse.proxy.pypi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.proxy.testing.FakeUpstream;
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
 * A policy reload changes the simple pages pip reads without a restart: a deny entry added leaves its version's
 * files out, one removed lists them again, in the JSON and the HTML form.
 */
class PypiPolicyReloadTest {
  private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

  @TempDir Path tmp;
  private final ObjectMapper json = new ObjectMapper();
  private FakeUpstream upstream;
  private TestGatehouse gatehouse;

  @BeforeEach
  void start() throws Exception {
    upstream = FakeUpstream.start();
    gatehouse = TestGatehouse.builder(tmp).pypi(upstream.url("/simple/"), upstream.url("/files/"))
        .policy("cooldown:\n  minimum-age: 1d\n").clock(TestClock.at(NOW)).start();
    upstream.text("/simple/demo-pkg/", "application/vnd.pypi.simple.v1+json", """
        {"meta": {"api-version": "1.1"}, "name": "demo-pkg", "versions": ["1.0", "2.0"],
         "files": [
          {"filename": "demo_pkg-1.0-py3-none-any.whl", "url": "../../files/demo_pkg-1.0-py3-none-any.whl",
           "hashes": {"sha256": "%1$s"}, "size": 10, "upload-time": "2026-01-01T00:00:00Z"},
          {"filename": "demo_pkg-2.0-py3-none-any.whl", "url": "../../files/demo_pkg-2.0-py3-none-any.whl",
           "hashes": {"sha256": "%1$s"}, "size": 10, "upload-time": "2026-02-01T00:00:00Z"}
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

  private void reload(String policy) throws Exception {
    Files.writeString(gatehouse.policyFile(), policy);
    HttpResponse<String> response = gatehouse.admin("POST", "/api/v1/policy/reload", "");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  @Test
  void aDenyEntryAddedByReloadLeavesItsFilesOutAndARemovedOneListsThemAgain() throws Exception {
    assertThat(page().path("files")).extracting(f -> f.path("filename").asText())
        .containsExactly("demo_pkg-1.0-py3-none-any.whl", "demo_pkg-2.0-py3-none-any.whl");

    reload("""
        deny:
          - { ecosystem: pypi, name: demo-pkg, versions: ["2.0"], reason: "incident 11" }
        """);

    assertThat(page().path("files")).extracting(f -> f.path("filename").asText())
        .containsExactly("demo_pkg-1.0-py3-none-any.whl");
    assertThat(gatehouse.get("/pypi/simple/demo-pkg/").body()).doesNotContain("demo_pkg-2.0");

    reload("cooldown:\n  minimum-age: 1d\n");

    assertThat(page().path("files")).extracting(f -> f.path("filename").asText())
        .containsExactly("demo_pkg-1.0-py3-none-any.whl", "demo_pkg-2.0-py3-none-any.whl");
    assertThat(gatehouse.get("/pypi/simple/demo-pkg/").body()).contains("demo_pkg-2.0");
  }

  @Test
  void aDryRunNamesTheVersionADenyEntryWouldHide() throws Exception {
    page();

    HttpResponse<String> response = gatehouse.admin("POST", "/api/v1/policy/check", """
        deny:
          - { ecosystem: pypi, name: demo-pkg, versions: ["2.0"] }
        """);

    JsonNode report = json.readTree(response.body());
    assertThat(report.path("documents")).singleElement().satisfies(d -> {
      assertThat(d.path("ecosystem").asText()).isEqualTo("pypi");
      assertThat(d.path("package").asText()).isEqualTo("demo-pkg");
      assertThat(d.path("hidden")).extracting(JsonNode::asText).containsExactly("2.0");
    });
  }
}
