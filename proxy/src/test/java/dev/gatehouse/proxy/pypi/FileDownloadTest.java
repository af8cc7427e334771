package dev.gatehouse.proxy.pypi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.testing.FakeUpstream;
import dev.gatehouse.proxy.testing.TestClock;
import dev.gatehouse.proxy.testing.TestGatehouse;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files under {@code /pypi/files/} over real sockets: digests, core metadata, file types. */
class FileDownloadTest {
  @TempDir Path tmp;
  private FakeUpstream upstream;
  private TestGatehouse gatehouse;
  private final WheelFixture wheel = WheelFixture.of("demo_pkg", "1.0").file("demo_pkg/__init__.py", "VALUE = 1\n");

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

  private String filePath(String name) {
    return "/pypi/files/demo-pkg/" + upstream.hostPort() + "/files/" + name;
  }

  private void list(String anchorAttributes) {
    upstream.text("/simple/demo-pkg/", "text/html; charset=utf-8", "<a href=\"../../files/%s#sha256=%s\"%s>%s</a>".formatted(wheel.fileName(),
        WheelFixture.sha256Hex(wheel.bytes()), anchorAttributes, wheel.fileName()));
  }

  @Test
  void aFileWhoseBytesDoNotMatchTheIndexDigestIsRefusedAndNothingIsKept() throws Exception {
    list("");
    upstream.body("/files/" + wheel.fileName(), "application/octet-stream",
        WheelFixture.of("demo_pkg", "1.0").file("demo_pkg/__init__.py", "VALUE = 2\n").bytes());

    HttpResponse<String> first = gatehouse.get(filePath(wheel.fileName()));
    HttpResponse<String> second = gatehouse.get(filePath(wheel.fileName()));

    assertThat(first.statusCode()).isEqualTo(403);
    assertThat(first.body()).contains("by rule digest-mismatch", WheelFixture.sha256Hex(wheel.bytes()));
    assertThat(second.statusCode()).isEqualTo(403);
    assertThat(upstream.hits("/files/" + wheel.fileName())).as("each request downloads again").isEqualTo(2);
    assertThat(gatehouse.keptFiles()).isEmpty();
  }

  @Test
  void coreMetadataIsProxiedVerifiedAgainstItsDigestAndKept() throws Exception {
    byte[] metadata = wheel.metadata().getBytes(StandardCharsets.UTF_8);
    list(" data-core-metadata=\"sha256=" + WheelFixture.sha256Hex(metadata) + "\"");
    upstream.body("/files/" + wheel.fileName() + ".metadata", "application/octet-stream", metadata);

    HttpResponse<String> first = gatehouse.get(filePath(wheel.fileName() + ".metadata"));
    HttpResponse<String> second = gatehouse.get(filePath(wheel.fileName() + ".metadata"));

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).isEqualTo(wheel.metadata());
    assertThat(second.body()).isEqualTo(wheel.metadata());
    assertThat(upstream.hits("/files/" + wheel.fileName() + ".metadata")).isEqualTo(1);
    assertThat(upstream.hits("/files/" + wheel.fileName())).as("the wheel itself is not needed").isZero();
  }

  @Test
  void coreMetadataThatDoesNotMatchItsDigestIsABadGatewayAndIsNotKept() throws Exception {
    list(" data-dist-info-metadata=\"sha256=" + "e".repeat(64) + "\"");
    upstream.body("/files/" + wheel.fileName() + ".metadata", "application/octet-stream",
        wheel.metadata().getBytes(StandardCharsets.UTF_8));

    HttpResponse<String> response = gatehouse.get(filePath(wheel.fileName() + ".metadata"));

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.body()).contains("but the registry publishes " + "e".repeat(64));
    assertThat(gatehouse.keptFiles()).isEmpty();
  }

  @Test
  void coreMetadataTheIndexDoesNotOfferIsNotFetched() throws Exception {
    list("");

    HttpResponse<String> response = gatehouse.get(filePath(wheel.fileName() + ".metadata"));

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("offers no core metadata for " + wheel.fileName());
    assertThat(upstream.hits("/files/" + wheel.fileName() + ".metadata")).isZero();
  }

  @Test
  void fileTypesGatehouseCannotAnalyzeAreRefusedWithoutAFetch() throws Exception {
    upstream.text("/simple/demo-pkg/", "text/html; charset=utf-8", """
        <a href="../../files/demo_pkg-1.0-py3.8.egg#sha256=%1$s">demo_pkg-1.0-py3.8.egg</a>
        <a href="../../files/demo_pkg-1.0.win32.exe#sha256=%1$s">demo_pkg-1.0.win32.exe</a>
        """.formatted("f".repeat(64)));

    String page = gatehouse.get("/pypi/simple/demo-pkg/", "Accept", "text/html").body();
    HttpResponse<String> egg = gatehouse.get(filePath("demo_pkg-1.0-py3.8.egg"));

    assertThat(page).doesNotContain(".egg", ".exe");
    assertThat(egg.statusCode()).isEqualTo(403);
    assertThat(egg.headers().map().toString()).doesNotContain("Exception");
    assertThat(egg.body()).contains("it analyzes wheels and sdists");
    assertThat(egg.headers().firstValue("X-Gatehouse-Verdict")).hasValue("block");
    assertThat(egg.headers().firstValue("X-Gatehouse-Rule")).hasValue("unanalyzable-file-type");
    assertThat(upstream.hits("/files/demo_pkg-1.0-py3.8.egg")).isZero();
  }
}
