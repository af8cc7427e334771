package dev.gatehouse.proxy.pypi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.testing.FakeUpstream;
import dev.gatehouse.proxy.testing.RawRequest;
import dev.gatehouse.proxy.testing.TestClock;
import dev.gatehouse.proxy.testing.TestGatehouse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSRF guard of {@code /pypi/files/} over real sockets: the index is on one server, its files on a
 * second ({@code upstreams.pypi.files}), and a third stands for everything else, which no request may make
 * Gatehouse reach, however the path is crafted.
 */
class FileGuardTest {
  private static final String WHEEL = "demo_pkg-1.0-py3-none-any.whl";

  @TempDir Path tmp;
  private FakeUpstream index;
  private FakeUpstream files;
  private FakeUpstream elsewhere;
  private TestGatehouse gatehouse;

  @BeforeEach
  void start() throws Exception {
    index = FakeUpstream.start();
    files = FakeUpstream.start();
    elsewhere = FakeUpstream.start();
    gatehouse = TestGatehouse.builder(tmp).pypi(index.url("/simple/"), files.url("/files/"))
        .clock(TestClock.at(Instant.parse("2026-05-01T12:00:00Z"))).blockingThreads(8).start();
    String sha = "d".repeat(64);
    index.text("/simple/demo-pkg/", "text/html; charset=utf-8", """
        <a href="%s#sha256=%s">%s</a>
        <a href="%s#sha256=%s">demo_pkg-2.0-py3-none-any.whl</a>
        <a href="%s#sha256=%s">demo_pkg-3.0-py3-none-any.whl</a>
        <a href="%s#sha256=%s">demo_pkg-4.0-py3-none-any.whl</a>
        """.formatted(files.url("/files/" + WHEEL), sha, WHEEL,
        elsewhere.url("/files/demo_pkg-2.0-py3-none-any.whl"), sha,
        files.url("/private/demo_pkg-3.0-py3-none-any.whl"), sha,
        "http://user:secret@" + files.hostPort() + "/files/demo_pkg-4.0-py3-none-any.whl", sha));
    elsewhere.body("/files/" + WHEEL, "application/octet-stream", new byte[] {1, 2, 3});
    elsewhere.body("/files/demo_pkg-2.0-py3-none-any.whl", "application/octet-stream", new byte[] {1, 2, 3});
  }

  @AfterEach
  void stop() throws Exception {
    gatehouse.close();
    index.close();
    files.close();
    elsewhere.close();
  }

  @Test
  void aPageListsOnlyFilesBelowTheConfiguredFileHosts() throws Exception {
    String page = gatehouse.get("/pypi/simple/demo-pkg/", "Accept", "text/html").body();

    assertThat(page).contains("../../files/demo-pkg/" + files.hostPort() + "/files/" + WHEEL)
        .doesNotContain("demo_pkg-2.0", "demo_pkg-3.0", "demo_pkg-4.0", elsewhere.hostPort(), "secret");
  }

  @Test
  void craftedPathsNeverMakeGatehouseFetchFromAnywhereElse() throws Exception {
    String other = elsewhere.hostPort();
    String mine = files.hostPort();
    List<String> hostile = List.of(
        "/pypi/files/demo-pkg/" + other + "/files/" + WHEEL,                       // another host
        "/pypi/files/demo-pkg/" + other + "/files/demo_pkg-2.0-py3-none-any.whl",  // listed, but another host
        "/pypi/files/demo-pkg/127.0.0.1:1/files/" + WHEEL,                         // another port
        "/pypi/files/demo-pkg/" + mine + "@" + other + "/files/" + WHEEL,           // host@host
        "/pypi/files/demo-pkg/user:pw@" + other + "/files/" + WHEEL,               // user info
        "/pypi/files/demo-pkg/" + mine + "/files/../../" + other + "/" + WHEEL,     // dot segments
        "/pypi/files/demo-pkg/" + mine + "/files/%2e%2e/private/" + WHEEL,         // encoded dots
        "/pypi/files/demo-pkg/" + mine + "/files%2F..%2Fprivate/" + WHEEL,          // encoded slashes
        "/pypi/files/demo-pkg/" + mine + "/files/%252e%252e/private/" + WHEEL,     // encoded twice
        "/pypi/files/demo-pkg/" + mine + "/files/..%5cprivate/" + WHEEL,           // encoded backslash
        "/pypi/files/demo-pkg/" + mine + "//" + other + "/files/" + WHEEL,          // empty segment
        "/pypi/files/demo-pkg/http://" + other + "/files/" + WHEEL,                 // a whole URL
        "/pypi/files/demo-pkg/" + mine + "/private/demo_pkg-3.0-py3-none-any.whl", // listed, outside the base
        "/pypi/files/demo-pkg/" + mine + "/files/unlisted-1.0-py3-none-any.whl",   // right host, not listed
        "/pypi/files/Demo_Pkg/" + mine + "/files/" + WHEEL);                      // project not normalized

    for (String path : hostile) {
      RawRequest.Answer answer = RawRequest.get(gatehouse.port(), path);
      assertThat(answer.status()).as(path).isIn(400, 403, 404);
      assertThat(answer.body()).as(path).doesNotContain("Exception");
    }

    assertThat(elsewhere.requests()).as("requests that reached the other host").isZero();
    assertThat(files.requests()).as("requests that reached the file host").isZero();
  }

  @Test
  void theSentenceSaysWhatIsWrongWithAMalformedPath() throws Exception {
    RawRequest.Answer dots = RawRequest.get(gatehouse.port(),
        "/pypi/files/demo-pkg/" + files.hostPort() + "/files/%2e%2e/" + WHEEL);
    RawRequest.Answer userInfo = RawRequest.get(gatehouse.port(), "/pypi/files/demo-pkg/u@h/files/" + WHEEL);

    assertThat(dots.status()).isEqualTo(400);
    assertThat(dots.statusLine()).contains("encodes a separator, dot, percent sign or control character (%2e)");
    assertThat(userInfo.status()).isEqualTo(400);
    assertThat(userInfo.statusLine()).contains("'u@h' is not a host as Gatehouse writes it");
  }

  @Test
  void whenTheIndexIsDownNoFileHostIsAskedAndNothingIsServed() throws Exception {
    index.status("/simple/demo-pkg/", 503);
    files.body("/files/" + WHEEL, "application/octet-stream", new byte[] {9, 9, 9});

    RawRequest.Answer configured = RawRequest.get(gatehouse.port(), "/pypi/files/demo-pkg/" + files.hostPort()
        + "/files/" + WHEEL);
    RawRequest.Answer foreign = RawRequest.get(gatehouse.port(), "/pypi/files/demo-pkg/" + elsewhere.hostPort()
        + "/files/" + WHEEL);

    assertThat(configured.status()).isEqualTo(502);
    assertThat(configured.statusLine()).contains("cannot read the index page of demo-pkg");
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(files.hits("/files/" + WHEEL)).as("without the page there is no URL Gatehouse may reach").isZero();
    assertThat(elsewhere.requests()).isZero();
    assertThat(gatehouse.keptFiles()).isEmpty();
  }
}
