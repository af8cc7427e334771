package dev.gatehouse.proxy.pypi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.proxy.testing.FakeUpstream;
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

/** The simple index over real sockets: negotiation, normalization, attributes, URL rewriting, caching. */
class SimpleIndexTest {
  /** What pip 23 sends (pip/_internal/index/collector.py). */
  static final String PIP_ACCEPT = "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, "
      + "text/html; q=0.01";
  private static final String SHA = "a".repeat(64);
  private static final String META_SHA = "b".repeat(64);

  @TempDir Path tmp;
  private final TestClock clock = TestClock.at(Instant.parse("2026-05-01T12:00:00Z"));
  private final ObjectMapper json = new ObjectMapper();
  private FakeUpstream upstream;
  private TestGatehouse gatehouse;

  @BeforeEach
  void start() throws Exception {
    upstream = FakeUpstream.start();
    gatehouse = TestGatehouse.builder(tmp).pypi(upstream.url("/simple/"), upstream.url("/files/"))
        .clock(clock).blockingThreads(8).start();
    upstream.text("/simple/demo-pkg/", "text/html; charset=utf-8", """
        <!DOCTYPE html>
        <html><head><meta name="pypi:repository-version" content="1.0"><title>Links for demo-pkg</title></head>
        <body>
          <!-- <a href="../../files/commented-out-1.0.tar.gz">not a file</a> -->
          <A HREF="../../files/demo_pkg-1.0-py3-none-any.whl#sha256=%s" data-requires-python="&gt;=3.8"
             data-dist-info-metadata="sha256=%s" data-gpg-sig=false>demo_pkg-1.0-py3-none-any.whl</A><br/>
          <a href='../../files/demo_pkg-0.9.tar.gz#sha256=%s' data-yanked="broken &amp; replaced">demo_pkg-0.9.tar.gz</a>
        </body></html>
        """.formatted(SHA, META_SHA, SHA));
  }

  @AfterEach
  void stop() throws Exception {
    gatehouse.close();
    upstream.close();
  }

  @Test
  void pipsAcceptGetsJsonAndTextHtmlGetsHtmlAndBothVaryByAccept() throws Exception {
    HttpResponse<String> asPip = gatehouse.get("/pypi/simple/demo-pkg/", "Accept", PIP_ACCEPT);
    HttpResponse<String> asBrowser = gatehouse.get("/pypi/simple/demo-pkg/", "Accept",
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
    HttpResponse<String> versionedHtml = gatehouse.get("/pypi/simple/demo-pkg/", "Accept",
        "application/vnd.pypi.simple.v1+json;q=0.5, application/vnd.pypi.simple.latest+html");
    HttpResponse<String> noAccept = gatehouse.get("/pypi/simple/demo-pkg/");

    assertThat(asPip.statusCode()).isEqualTo(200);
    assertThat(asPip.headers().firstValue("Content-Type")).hasValue("application/vnd.pypi.simple.v1+json");
    assertThat(json.readTree(asPip.body()).path("name").asText()).isEqualTo("demo-pkg");
    assertThat(asBrowser.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(asBrowser.body()).startsWith("<!DOCTYPE html>").contains("<a href=");
    assertThat(versionedHtml.headers().firstValue("Content-Type")).hasValue("application/vnd.pypi.simple.v1+html");
    assertThat(noAccept.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    for (HttpResponse<String> r : java.util.List.of(asPip, asBrowser, versionedHtml, noAccept)) {
      assertThat(r.headers().firstValue("Vary")).hasValue("Accept");
    }
    assertThat(upstream.hits("/simple/demo-pkg/")).as("one upstream fetch serves every form").isEqualTo(1);
    assertThat(upstream.accepts()).first().asString().startsWith("application/vnd.pypi.simple.v1+json");
  }

  @Test
  void anAcceptHeaderThatAllowsNoFormIsAnswered406() throws Exception {
    HttpResponse<String> response = gatehouse.get("/pypi/simple/demo-pkg/", "Accept", "application/xml, text/html;q=0");

    assertThat(response.statusCode()).isEqualTo(406);
    assertThat(response.body()).contains("application/vnd.pypi.simple.v1+json", "text/html");
  }

  @Test
  void aNameThatIsNotNormalizedIsRedirectedToItsNormalFormWithTheFinalSlash() throws Exception {
    HttpResponse<String> mixed = gatehouse.get("/pypi/simple/Demo_Pkg/");
    HttpResponse<String> dotted = gatehouse.get("/pypi/simple/demo.pkg");
    HttpResponse<String> noSlash = gatehouse.get("/pypi/simple/demo-pkg");
    HttpResponse<String> root = gatehouse.get("/pypi/simple");

    assertThat(mixed.statusCode()).isEqualTo(301);
    assertThat(mixed.headers().firstValue("Location")).hasValue("/pypi/simple/demo-pkg/");
    assertThat(dotted.headers().firstValue("Location")).hasValue("/pypi/simple/demo-pkg/");
    assertThat(noSlash.headers().firstValue("Location")).hasValue("/pypi/simple/demo-pkg/");
    assertThat(root.headers().firstValue("Location")).hasValue("/pypi/simple/");
    assertThat(gatehouse.get("/pypi/simple/not%20a%20name/").statusCode()).isEqualTo(404);
    assertThat(upstream.requests()).as("redirects need no upstream").isZero();
  }

  @Test
  void htmlAttributesSurviveInBothFormsWithEveryUrlRewrittenToGatehouse() throws Exception {
    String html = gatehouse.get("/pypi/simple/demo-pkg/", "Accept", "text/html").body();
    JsonNode page = json.readTree(gatehouse.get("/pypi/simple/demo-pkg/", "Accept", PIP_ACCEPT).body());

    String wheelHref = "../../files/demo-pkg/" + upstream.hostPort() + "/files/demo_pkg-1.0-py3-none-any.whl#sha256=" + SHA;
    assertThat(html).contains("<a href=\"" + wheelHref + "\" data-requires-python=\"&gt;=3.8\"")
        .contains("data-dist-info-metadata=\"sha256=" + META_SHA + "\" data-core-metadata=\"sha256=" + META_SHA + "\"")
        .contains("data-gpg-sig=\"false\"")
        .contains("data-yanked=\"broken &amp; replaced\">demo_pkg-0.9.tar.gz</a>")
        .doesNotContain("commented-out")
        .doesNotContain("http://" + upstream.hostPort());
    JsonNode wheel = page.path("files").get(0);
    assertThat(wheel.path("filename").asText()).isEqualTo("demo_pkg-1.0-py3-none-any.whl");
    assertThat(wheel.path("url").asText()).isEqualTo(wheelHref);
    assertThat(wheel.path("hashes").path("sha256").asText()).isEqualTo(SHA);
    assertThat(wheel.path("requires-python").asText()).isEqualTo(">=3.8");
    assertThat(wheel.path("core-metadata").path("sha256").asText()).isEqualTo(META_SHA);
    assertThat(wheel.path("dist-info-metadata").path("sha256").asText()).isEqualTo(META_SHA);
    assertThat(wheel.path("gpg-sig").asBoolean(true)).isFalse();
    assertThat(page.path("files").get(1).path("yanked").asText()).isEqualTo("broken & replaced");
    assertThat(page.path("meta").path("api-version").asText()).isEqualTo("1.0");
  }

  @Test
  void jsonAttributesOfPep700SurviveAndTheApiVersionSaysSo() throws Exception {
    upstream.text("/simple/json-pkg/", "application/vnd.pypi.simple.v1+json", """
        {"meta": {"api-version": "1.1"}, "name": "Json.Pkg", "versions": ["1.0", "2.0"],
         "files": [
          {"filename": "json_pkg-1.0-py3-none-any.whl", "url": "%s", "hashes": {"sha256": "%s", "md5": "%s"},
           "requires-python": ">=3.9", "core-metadata": true, "yanked": true, "size": 1234,
           "upload-time": "2024-01-02T03:04:05.678901Z"},
          {"filename": "json_pkg-2.0.tar.gz", "url": "/files/json_pkg-2.0.tar.gz", "hashes": {"sha256": "%s"},
           "size": 99, "upload-time": "2025-01-01T00:00:00Z"}
         ]}
        """.formatted(upstream.url("/files/json_pkg-1.0-py3-none-any.whl"), SHA, "c".repeat(32), SHA));

    JsonNode page = json.readTree(gatehouse.get("/pypi/simple/json-pkg/", "Accept", PIP_ACCEPT).body());
    String html = gatehouse.get("/pypi/simple/json-pkg/", "Accept", "text/html").body();

    assertThat(page.path("meta").path("api-version").asText()).isEqualTo("1.1");
    assertThat(page.path("name").asText()).isEqualTo("Json.Pkg");
    assertThat(page.path("versions")).extracting(JsonNode::asText).containsExactly("1.0", "2.0");
    JsonNode wheel = page.path("files").get(0);
    assertThat(wheel.path("size").asLong()).isEqualTo(1234);
    assertThat(wheel.path("upload-time").asText()).isEqualTo("2024-01-02T03:04:05.678901Z");
    assertThat(wheel.path("yanked").asBoolean()).isTrue();
    assertThat(wheel.path("core-metadata").asBoolean()).isTrue();
    assertThat(wheel.path("hashes").path("md5").asText()).isEqualTo("c".repeat(32));
    assertThat(page.path("files").get(1).path("url").asText())
        .isEqualTo("../../files/json-pkg/" + upstream.hostPort() + "/files/json_pkg-2.0.tar.gz#sha256=" + SHA);
    assertThat(html).contains("data-requires-python=\"&gt;=3.9\" data-yanked=\"\"")
        .contains("data-core-metadata=\"true\"");
  }

  @Test
  void aRepeatedRequestWithItsETagIsAnswered304() throws Exception {
    HttpResponse<String> first = gatehouse.get("/pypi/simple/demo-pkg/", "Accept", PIP_ACCEPT);
    String etag = first.headers().firstValue("ETag").orElseThrow();

    HttpResponse<String> again = gatehouse.get("/pypi/simple/demo-pkg/", "Accept", PIP_ACCEPT, "If-None-Match", etag);
    HttpResponse<String> otherForm = gatehouse.get("/pypi/simple/demo-pkg/", "Accept", "text/html",
        "If-None-Match", etag);

    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.headers().firstValue("Vary")).hasValue("Accept");
    assertThat(otherForm.statusCode()).as("the HTML form is another representation").isEqualTo(200);
  }

  @Test
  void aPageIsKeptForTheTtlAndItsCopyIsServedWhenTheUpstreamFailsAfterwards() throws Exception {
    gatehouse.get("/pypi/simple/demo-pkg/");
    clock.advance(Duration.ofMinutes(4));
    gatehouse.get("/pypi/simple/demo-pkg/");
    assertThat(upstream.hits("/simple/demo-pkg/")).isEqualTo(1);

    upstream.status("/simple/demo-pkg/", 503);
    clock.advance(Duration.ofMinutes(2));
    HttpResponse<String> stale = gatehouse.get("/pypi/simple/demo-pkg/", "Accept", "text/html");

    assertThat(upstream.hits("/simple/demo-pkg/")).isEqualTo(2);
    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(stale.body()).contains("demo_pkg-1.0-py3-none-any.whl");
    assertThat(stale.headers().firstValue("X-Gatehouse-Stale")).isPresent();
    assertThat(stale.headers().firstValue("Warning").orElseThrow()).startsWith("110 gatehouse \"Response is Stale");
  }

  @Test
  void anUpstreamAnswer200WithGarbageNeverReplacesTheGoodCopy() throws Exception {
    gatehouse.get("/pypi/simple/demo-pkg/");
    for (String garbage : java.util.List.of("Service temporarily unavailable, try again later",
        "<Error><Code>SlowDown</Code></Error>", "{\"not\": \"a page\"")) {
      upstream.text("/simple/demo-pkg/", "text/html", garbage);
      clock.advance(Duration.ofMinutes(6));

      HttpResponse<String> page = gatehouse.get("/pypi/simple/demo-pkg/", "Accept", "text/html");

      assertThat(page.statusCode()).as(garbage).isEqualTo(200);
      assertThat(page.body()).as(garbage).contains("demo_pkg-1.0-py3-none-any.whl");
      assertThat(page.headers().firstValue("Warning")).as(garbage).hasValueSatisfying(w -> assertThat(w)
          .startsWith("110 gatehouse \"Response is Stale"));
    }
    assertThat(upstream.hits("/simple/demo-pkg/")).isEqualTo(4);
  }

  @Test
  void aProjectPageWithoutFilesIsAnEmptyPageNotAFailure() throws Exception {
    upstream.text("/simple/emptied/", "text/html",
        "<!DOCTYPE html>\n<html><head><title>Links for emptied</title></head><body></body></html>");

    HttpResponse<String> page = gatehouse.get("/pypi/simple/emptied/", "Accept", "application/vnd.pypi.simple.v1+json");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(json.readTree(page.body()).path("files").size()).isZero();
  }

  @Test
  void garbageWithoutAnEarlierCopyIsA502ThatSaysWhy() throws Exception {
    upstream.text("/simple/noise/", "text/html", "\u0000\u0001 binary noise");

    HttpResponse<String> page = gatehouse.get("/pypi/simple/noise/");

    assertThat(page.statusCode()).isEqualTo(502);
    assertThat(page.body()).contains("neither PEP 691 JSON nor an HTML page");
  }

  @Test
  void anUnknownProjectIs404AndAnUpstreamFailureWithoutACopyIs502() throws Exception {
    upstream.status("/simple/broken/", 500);

    HttpResponse<String> unknown = gatehouse.get("/pypi/simple/no-such-project/");
    HttpResponse<String> broken = gatehouse.get("/pypi/simple/broken/");

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("no-such-project");
    assertThat(broken.statusCode()).isEqualTo(502);
    assertThat(broken.body()).contains("answered HTTP 500");
  }

  @Test
  void aPageOfAFutureMajorApiVersionIsNotMisread() throws Exception {
    upstream.text("/simple/future/", "application/vnd.pypi.simple.v1+json", """
        {"meta": {"api-version": "2.0"}, "name": "future", "files": []}
        """);

    HttpResponse<String> response = gatehouse.get("/pypi/simple/future/", "Accept", PIP_ACCEPT);

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.body()).contains("API version 2.0");
  }

  @Test
  void theProjectListIsProxiedInEitherFormWithLinksToNormalizedNames() throws Exception {
    upstream.text("/simple/", "text/html; charset=utf-8", """
        <html><body><a href="/simple/demo-pkg/">Demo_Pkg</a><a href="/simple/requests/">requests</a></body></html>
        """);

    String html = gatehouse.get("/pypi/simple/", "Accept", "text/html").body();
    JsonNode list = json.readTree(gatehouse.get("/pypi/simple/", "Accept", "application/vnd.pypi.simple.v1+json").body());

    assertThat(html).contains("<a href=\"demo-pkg/\">Demo_Pkg</a>", "<a href=\"requests/\">requests</a>");
    assertThat(list.path("projects")).extracting(p -> p.path("name").asText()).containsExactly("Demo_Pkg", "requests");
  }
}
