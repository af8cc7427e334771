package dev.gatehouse.proxy.npm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.proxy.testing.TestClock;
import dev.gatehouse.proxy.testing.TestGatehouse;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Packuments under /npm/ over real sockets, against a fake upstream registry. */
class NpmPackumentTest {
  private static final String CORGI = "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*";
  private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");

  @TempDir Path tmp;
  private final ObjectMapper mapper = new ObjectMapper();
  private FakeNpmRegistry upstream;
  private TestGatehouse gatehouse;

  @BeforeEach
  void start() throws Exception {
    upstream = new FakeNpmRegistry(tmp);
    upstream.version("left-pad", "1.0.0").publishedAt(Instant.parse("2024-01-01T00:00:00Z")).publish();
    upstream.version("left-pad", "1.1.0").publishedAt(Instant.parse("2024-02-01T00:00:00Z"))
        .dependency("pad-core", "^2.0.0").script("postinstall", "node setup.js").file("setup.js", "1;").publish();
    upstream.version("@acme/util", "3.0.0").publish();
    gatehouse = TestGatehouse.builder(tmp).npm(upstream.url()).yaml("cache:\n  metadataTtl: 5m\n")
        .clock(TestClock.at(NOW)).upstreamReads("10s", 0).start();
  }

  @AfterEach
  void stop() throws Exception {
    gatehouse.close();
    upstream.close();
  }

  @Test
  void fullPackumentPointsEveryTarballAtGatehouseAndKeepsTheUpstreamIntegrity() throws Exception {
    HttpResponse<String> response = gatehouse.get("/npm/left-pad");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode doc = mapper.readTree(response.body());
    JsonNode upstreamDoc = mapper.readTree(upstream.packument("left-pad"));
    for (String version : new String[] {"1.0.0", "1.1.0"}) {
      JsonNode dist = doc.path("versions").path(version).path("dist");
      assertThat(dist.path("tarball").asText())
          .isEqualTo(gatehouse.npmRegistry() + "left-pad/-/left-pad-" + version + ".tgz");
      JsonNode upstreamDist = upstreamDoc.path("versions").path(version).path("dist");
      assertThat(dist.path("integrity")).isEqualTo(upstreamDist.path("integrity"));
      assertThat(dist.path("shasum")).isEqualTo(upstreamDist.path("shasum"));
    }
    assertThat(doc.path("readme").asText()).contains("A package the tests publish");
    assertThat(doc.path("time").path("1.1.0").asText()).isEqualTo("2024-02-01T00:00:00Z");
    assertThat(doc.path("dist-tags").path("latest").asText()).isEqualTo("1.1.0");
    assertThat(gatehouse.keptFiles()).as("the rewritten packument was node-local scratch, deleted once sent")
        .noneMatch(kept -> kept.getFileName().toString().startsWith("scratch-"));
    assertThat(gatehouse.keptFiles()).as("the cached upstream packument is kept in scratch, not staged as a blob")
        .anyMatch(kept -> kept.getParent().endsWith("scratch") && kept.getFileName().toString().startsWith("kept-"))
        .noneMatch(kept -> kept.getParent().endsWith("tmp"));
  }

  @Test
  void abbreviatedPackumentHoldsOnlyWhatAnInstallerReads() throws Exception {
    HttpResponse<String> response = gatehouse.get("/npm/left-pad", "Accept", CORGI);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/vnd.npm.install-v1+json");
    assertThat(response.headers().firstValue("Vary")).hasValue("Accept, User-Agent");
    JsonNode doc = mapper.readTree(response.body());
    assertThat(doc.fieldNames()).toIterable().containsExactly("name", "modified", "dist-tags", "versions");
    assertThat(doc.path("modified").asText()).isEqualTo("2024-02-01T00:00:00Z");
    JsonNode withScript = doc.path("versions").path("1.1.0");
    assertThat(withScript.fieldNames()).toIterable()
        .containsExactly("name", "version", "dependencies", "hasInstallScript", "dist");
    assertThat(withScript.path("hasInstallScript").asBoolean()).isTrue();
    assertThat(withScript.path("dependencies").path("pad-core").asText()).isEqualTo("^2.0.0");
    assertThat(withScript.path("dist").path("tarball").asText()).startsWith(gatehouse.npmRegistry());
    assertThat(doc.path("versions").path("1.0.0").has("hasInstallScript")).isFalse();
    assertThat(response.body()).doesNotContain("readme", "postinstall", "description");
  }

  @Test
  void scopedPackumentIsServedUnderEitherEncodingOfTheScope() throws Exception {
    HttpResponse<String> escaped = gatehouse.get("/npm/@acme%2futil");
    HttpResponse<String> upper = gatehouse.get("/npm/@acme%2Futil");
    HttpResponse<String> plain = gatehouse.get("/npm/@acme/util");

    assertThat(escaped.statusCode()).isEqualTo(200);
    assertThat(upper.body()).isEqualTo(escaped.body());
    assertThat(plain.body()).isEqualTo(escaped.body());
    JsonNode doc = mapper.readTree(plain.body());
    assertThat(doc.path("name").asText()).isEqualTo("@acme/util");
    assertThat(doc.path("versions").path("3.0.0").path("dist").path("tarball").asText())
        .isEqualTo(gatehouse.npmRegistry() + "@acme/util/-/util-3.0.0.tgz");
    assertThat(upstream.requestsFor("/@acme/util")).isEqualTo(1);
  }

  @Test
  void versionOrDistTagNamesOneManifestWithItsTarballRewritten() throws Exception {
    JsonNode byVersion = mapper.readTree(gatehouse.get("/npm/left-pad/1.0.0").body());
    JsonNode byTag = mapper.readTree(gatehouse.get("/npm/left-pad/latest").body());
    HttpResponse<String> missing = gatehouse.get("/npm/left-pad/9.9.9");

    assertThat(byVersion.path("version").asText()).isEqualTo("1.0.0");
    assertThat(byVersion.path("dist").path("tarball").asText()).isEqualTo(gatehouse.npmRegistry() + "left-pad/-/left-pad-1.0.0.tgz");
    assertThat(byTag.path("version").asText()).isEqualTo("1.1.0");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(mapper.readTree(missing.body()).path("error").asText()).isEqualTo("left-pad has no version or dist-tag \"9.9.9\"");
  }

  @Test
  void revalidationWithTheEtagIsAnswered304WithoutABody() throws Exception {
    HttpResponse<String> first = gatehouse.get("/npm/left-pad", "Accept", CORGI);
    String etag = first.headers().firstValue("ETag").orElseThrow();

    HttpResponse<String> again = gatehouse.get("/npm/left-pad", "Accept", CORGI, "If-None-Match", etag);
    HttpResponse<String> otherForm = gatehouse.get("/npm/left-pad", "If-None-Match", etag);

    assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.headers().firstValue("ETag")).hasValue(etag);
    assertThat(otherForm.statusCode()).isEqualTo(200);
    assertThat(otherForm.headers().firstValue("ETag")).isNotEqualTo(Optional.of(etag));
  }

  @Test
  void headAnswersTheLengthAndValidatorsOfWhatGetWouldSend() throws Exception {
    HttpResponse<String> get = gatehouse.get("/npm/left-pad");
    HttpResponse<String> head = gatehouse.send("HEAD", "/npm/left-pad", java.net.http.HttpRequest.BodyPublishers.noBody());

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Length"))
        .hasValue(Integer.toString(get.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
    assertThat(head.headers().firstValue("ETag")).isEqualTo(get.headers().firstValue("ETag"));
  }

  @Test
  void aTarballPublishedAfterTheCachedCopyIsFoundByFetchingThePackumentAgain() throws Exception {
    gatehouse.get("/npm/left-pad");
    upstream.version("left-pad", "1.2.0").publishedAt(Instant.parse("2024-03-01T00:00:00Z")).publish();
    gatehouse.clock().advance(Duration.ofSeconds(30));

    HttpResponse<byte[]> tarball = gatehouse.getBytes("/npm/left-pad/-/left-pad-1.2.0.tgz");

    assertThat(tarball.statusCode()).isEqualTo(200);
    assertThat(tarball.body()).isEqualTo(upstream.tarball("left-pad", "1.2.0"));
    assertThat(upstream.requestsFor("/left-pad")).isEqualTo(2);
  }

  @Test
  void packumentIsKeptForTheTtlAndFetchedAgainAfterIt() throws Exception {
    gatehouse.get("/npm/left-pad");
    gatehouse.get("/npm/left-pad", "Accept", CORGI);
    assertThat(upstream.requestsFor("/left-pad")).isEqualTo(1);

    gatehouse.clock().advance(Duration.ofMinutes(6));
    gatehouse.get("/npm/left-pad");

    assertThat(upstream.requestsFor("/left-pad")).isEqualTo(2);
  }

  @Test
  void whenTheUpstreamFailsTheLastGoodCopyIsServedWithAWarning() throws Exception {
    String fresh = gatehouse.get("/npm/left-pad").body();
    gatehouse.clock().advance(Duration.ofMinutes(10));
    upstream.goDown();

    HttpResponse<String> stale = gatehouse.get("/npm/left-pad");

    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(stale.body()).isEqualTo(fresh);
    assertThat(stale.headers().firstValue("Warning").orElseThrow())
        .startsWith("110 gatehouse \"Response is Stale: copy fetched at 2024-06-01T12:00:00Z")
        .contains("answered HTTP 503");
    assertThat(upstream.requestsFor("/left-pad")).isEqualTo(2);
  }

  @Test
  void whenTheUpstreamFailsAndNoCopyIsKeptTheAnswerIs502WithTheReason() throws Exception {
    upstream.goDown();

    HttpResponse<String> response = gatehouse.get("/npm/left-pad");

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(mapper.readTree(response.body()).path("error").asText())
        .startsWith("Gatehouse could not fetch the packument of left-pad and has no earlier copy: ")
        .contains("answered HTTP 503", "(request id ");
  }

  @Test
  void unknownPackageIs404AndTheUpstreamIsNotAskedAgainForAWhile() throws Exception {
    HttpResponse<String> first = gatehouse.get("/npm/no-such-package");
    HttpResponse<String> second = gatehouse.get("/npm/no-such-package");

    assertThat(first.statusCode()).isEqualTo(404);
    assertThat(mapper.readTree(first.body()).path("error").asText())
        .startsWith("no-such-package is not in the upstream registry");
    assertThat(second.statusCode()).isEqualTo(404);
    assertThat(upstream.requestsFor("/no-such-package")).isEqualTo(1);
  }

  @Test
  void aProxyInFrontNamesTheSchemeAndHostOfTarballUrls() throws Exception {
    JsonNode doc = mapper.readTree(gatehouse.get("/npm/left-pad",
        "X-Forwarded-Proto", "https", "X-Forwarded-Host", "npm.example.test").body());

    assertThat(doc.path("versions").path("1.0.0").path("dist").path("tarball").asText())
        .isEqualTo("https://npm.example.test/npm/left-pad/-/left-pad-1.0.0.tgz");
  }

  @Test
  void pathsThatNameNoPackageAreRefusedWithASentence() throws Exception {
    HttpResponse<String> traversal = gatehouse.get("/npm/%2e%2e/-/x-1.0.0.tgz");
    HttpResponse<String> slash = gatehouse.get("/npm/left-pad/-/a%2fb.tgz");
    HttpResponse<String> notTgz = gatehouse.get("/npm/left-pad/-/left-pad-1.0.0.zip");

    assertThat(traversal.statusCode()).isEqualTo(400);
    assertThat(mapper.readTree(traversal.body()).path("error").asText())
        .isEqualTo("\"..\" is not a valid npm package name: use letters, digits and - . _ ~ only, not starting with . or _");
    assertThat(slash.statusCode()).isEqualTo(400);
    assertThat(notTgz.statusCode()).isEqualTo(400);
    assertThat(mapper.readTree(notTgz.body()).path("error").asText()).contains("is not a tarball file name");
  }
}
