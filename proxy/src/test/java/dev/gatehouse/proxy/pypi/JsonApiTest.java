package dev.gatehouse.proxy.pypi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.proxy.testing.FakeUpstream;
import dev.gatehouse.proxy.testing.TestClock;
import dev.gatehouse.proxy.testing.TestGatehouse;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /pypi/{project}/json}: passed through with file URLs pointing at Gatehouse. */
class JsonApiTest {
  @TempDir Path tmp;
  private final ObjectMapper json = new ObjectMapper();
  private FakeUpstream upstream;
  private TestGatehouse gatehouse;

  @BeforeEach
  void start() throws Exception {
    upstream = FakeUpstream.start();
    gatehouse = TestGatehouse.builder(tmp).pypi(upstream.url("/simple/"), upstream.url("/files/"))
        .clock(TestClock.at(Instant.parse("2026-05-01T12:00:00Z"))).blockingThreads(8).start();
  }

  @AfterEach
  void stop() throws Exception {
    gatehouse.close();
    upstream.close();
  }

  @Test
  void fileUrlsPointAtGatehouseAndFilesItWouldNotServeAreLeftOut() throws Exception {
    String sha = "1".repeat(64);
    upstream.body("/pypi/demo-pkg/json", "application/json", """
        {"info": {"name": "Demo-Pkg", "version": "1.0", "home_page": "https://example.invalid/"},
         "last_serial": 7,
         "releases": {
           "0.9": [{"filename": "demo_pkg-0.9.win32.exe", "url": "%1$s/files/demo_pkg-0.9.win32.exe",
                    "digests": {"sha256": "%2$s"}}],
           "1.0": [{"filename": "demo_pkg-1.0-py3-none-any.whl", "url": "%1$s/files/demo_pkg-1.0-py3-none-any.whl",
                    "digests": {"sha256": "%2$s", "md5": "00"}, "upload_time_iso_8601": "2025-01-01T00:00:00.000000Z"},
                   {"filename": "demo_pkg-1.0.tar.gz", "url": "http://collector.invalid/demo_pkg-1.0.tar.gz",
                    "digests": {"sha256": "%2$s"}}]},
         "urls": [{"filename": "demo_pkg-1.0-py3-none-any.whl", "url": "%1$s/files/demo_pkg-1.0-py3-none-any.whl",
                   "digests": {"sha256": "%2$s"}}]}
        """.formatted("http://" + upstream.hostPort(), sha).getBytes(java.nio.charset.StandardCharsets.UTF_8));

    HttpResponse<String> response = gatehouse.get("/pypi/demo-pkg/json");
    JsonNode doc = json.readTree(response.body());

    String served = gatehouse.url("/pypi/files/demo-pkg/" + upstream.hostPort() + "/files/demo_pkg-1.0-py3-none-any.whl");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(doc.path("info").path("home_page").asText()).isEqualTo("https://example.invalid/");
    assertThat(doc.path("last_serial").asInt()).isEqualTo(7);
    assertThat(doc.path("releases").path("0.9")).isEmpty();
    assertThat(doc.path("releases").path("1.0")).extracting(f -> f.path("url").asText()).containsExactly(served);
    assertThat(doc.path("releases").path("1.0").get(0).path("digests").path("md5").asText()).isEqualTo("00");
    assertThat(doc.path("urls")).extracting(f -> f.path("url").asText()).containsExactly(served);
    assertThat(response.body()).doesNotContain("collector.invalid");
  }

  @Test
  void fileUrlsNameTheAddressAProxyInFrontForwardsAndNeverAHostileOne() throws Exception {
    upstream.body("/pypi/demo-pkg/json", "application/json", """
        {"info": {"name": "demo-pkg", "version": "1.0"}, "releases": {},
         "urls": [{"filename": "demo_pkg-1.0.tar.gz", "url": "%s", "digests": {"sha256": "%s"}}]}
        """.formatted(upstream.url("/files/demo_pkg-1.0.tar.gz"), "2".repeat(64))
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));

    JsonNode forwarded = json.readTree(gatehouse.get("/pypi/demo-pkg/json", "X-Forwarded-Proto", "https",
        "X-Forwarded-Host", "pypi.example.invalid, internal.invalid").body());
    JsonNode hostile = json.readTree(gatehouse.get("/pypi/demo-pkg/json",
        "X-Forwarded-Host", "evil.invalid/\"><x").body());

    assertThat(forwarded.path("urls").get(0).path("url").asText()).isEqualTo("https://pypi.example.invalid/pypi/files/"
        + "demo-pkg/" + upstream.hostPort() + "/files/demo_pkg-1.0.tar.gz");
    assertThat(hostile.path("urls").get(0).path("url").asText())
        .isEqualTo(gatehouse.url("/pypi/files/demo-pkg/" + upstream.hostPort() + "/files/demo_pkg-1.0.tar.gz"));
  }

  @Test
  void aNameThatIsNotNormalizedIsRedirectedAndAMirrorWithoutTheApiIs404() throws Exception {
    HttpResponse<String> redirect = gatehouse.get("/pypi/Demo_Pkg/json");
    HttpResponse<String> missing = gatehouse.get("/pypi/demo-pkg/json");

    assertThat(redirect.statusCode()).isEqualTo(301);
    assertThat(redirect.headers().firstValue("Location")).hasValue("/pypi/demo-pkg/json");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("has no JSON API document for demo-pkg");
  }

  @Test
  void whatIsNotAJsonApiDocumentIsABadGateway() throws Exception {
    upstream.body("/pypi/demo-pkg/json", "text/html", "<html>maintenance</html>".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    HttpResponse<String> response = gatehouse.get("/pypi/demo-pkg/json");

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.body()).contains("did not answer with a JSON API document");
  }
}
