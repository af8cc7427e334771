package dev.gatehouse.proxy.npm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.proxy.testing.TestClock;
import dev.gatehouse.proxy.testing.TestGatehouse;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry's own endpoints under /npm/: ping, npm audit passed through, and every write refused. */
class NpmEndpointsTest {
  @TempDir Path tmp;
  private final ObjectMapper mapper = new ObjectMapper();
  private FakeNpmRegistry upstream;
  private TestGatehouse gatehouse;

  @BeforeEach
  void start() throws Exception {
    upstream = new FakeNpmRegistry(tmp);
    upstream.version("left-pad", "1.0.0").publish();
    gatehouse = TestGatehouse.builder(tmp).npm(upstream.url())
        .clock(TestClock.at(Instant.parse("2024-06-01T12:00:00Z"))).upstreamReads("10s", 0).start();
  }

  @AfterEach
  void stop() throws Exception {
    gatehouse.close();
    upstream.close();
  }

  @Test
  void pingAnswersAnEmptyObjectWithoutAskingTheUpstream() throws Exception {
    HttpResponse<String> response = gatehouse.get("/npm/-/ping?write=true");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.body()).isEqualTo("{}");
    assertThat(upstream.requestsFor("/-/ping")).isZero();
  }

  @Test
  void publishUnpublishAndDistTagChangesAre405WithASentenceSayingGatehouseIsReadOnly() throws Exception {
    String manifest = "{\"name\":\"left-pad\",\"versions\":{},\"_attachments\":{}}";
    HttpResponse<String> publish = gatehouse.send("PUT", "/npm/left-pad",
        HttpRequest.BodyPublishers.ofString(manifest), "Content-Type", "application/json");
    HttpResponse<String> unpublish = gatehouse.send("DELETE", "/npm/left-pad/-rev/3-abc",
        HttpRequest.BodyPublishers.noBody());
    HttpResponse<String> distTag = gatehouse.send("PUT", "/npm/-/package/left-pad/dist-tags/beta",
        HttpRequest.BodyPublishers.ofString("\"1.0.0\""));

    for (HttpResponse<String> response : java.util.List.of(publish, unpublish, distTag)) {
      assertThat(response.statusCode()).isEqualTo(405);
      assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
      assertThat(mapper.readTree(response.body()).path("error").asText())
          .isEqualTo("Gatehouse is a read-only proxy: it does not publish, unpublish, deprecate, change dist-tags "
              + "or log in; do that against the upstream registry directly");
    }
    assertThat(upstream.posts()).isEmpty();
    assertThat(gatehouse.auditTrail("ecosystem=npm&package=left-pad"))
        .as("the method guard records a refused publish under the package it named").contains("\"status\" : 405");
  }

  @Test
  void loginsAreRefusedTheSameWay() throws Exception {
    HttpResponse<String> web = gatehouse.send("POST", "/npm/-/v1/login", HttpRequest.BodyPublishers.ofString("{}"));
    HttpResponse<String> legacy = gatehouse.send("PUT", "/npm/-/user/org.couchdb.user:alice",
        HttpRequest.BodyPublishers.ofString("{\"name\":\"alice\",\"password\":\"x\"}"));
    HttpResponse<String> whoami = gatehouse.get("/npm/-/user/org.couchdb.user:alice");

    assertThat(web.statusCode()).isEqualTo(405);
    assertThat(legacy.statusCode()).isEqualTo(405);
    assertThat(whoami.statusCode()).isEqualTo(405);
    assertThat(mapper.readTree(legacy.body()).path("error").asText()).startsWith("Gatehouse is a read-only proxy");
  }

  @Test
  void npmAuditIsPassedToTheUpstreamAsSentAndItsAnswerComesBack() throws Exception {
    upstream.answerAdvisories("{\"left-pad\":[{\"id\":1,\"title\":\"fixture advisory\",\"severity\":\"low\"}]}");
    byte[] body = gzip("{\"left-pad\":[\"1.0.0\"]}");

    HttpResponse<String> response = gatehouse.send("POST", "/npm/-/npm/v1/security/advisories/bulk",
        HttpRequest.BodyPublishers.ofByteArray(body), "Content-Type", "application/json",
        "Content-Encoding", "gzip", "Authorization", "Bearer " + gatehouse.issueToken("npm-user", "reader"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(mapper.readTree(response.body()).path("left-pad").path(0).path("title").asText())
        .isEqualTo("fixture advisory");
    RecordedRequest posted = upstream.posts().get(0);
    assertThat(posted.getPath()).isEqualTo("/-/npm/v1/security/advisories/bulk");
    assertThat(posted.getBody().readByteArray()).isEqualTo(body);
    assertThat(posted.getHeader("Content-Encoding")).isEqualTo("gzip");
    assertThat(posted.getHeader("Authorization")).isNull();
  }

  @Test
  void npmAuditAgainstAFailingUpstreamIs502WithTheReason() throws Exception {
    upstream.goDown();

    HttpResponse<String> response = gatehouse.send("POST", "/npm/-/npm/v1/security/audits/quick",
        HttpRequest.BodyPublishers.ofString("{}"), "Content-Type", "application/json");

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(mapper.readTree(response.body()).path("error").asText())
        .startsWith("the upstream registry's audit service failed: ").contains("answered HTTP 503");
  }

  @Test
  void otherRegistryEndpointsAre404WithASentence() throws Exception {
    HttpResponse<String> search = gatehouse.get("/npm/-/v1/search?text=pad");
    HttpResponse<String> auditByGet = gatehouse.get("/npm/-/npm/v1/security/advisories/bulk");

    assertThat(search.statusCode()).isEqualTo(404);
    assertThat(mapper.readTree(search.body()).path("error").asText())
        .isEqualTo("Gatehouse does not offer /npm/-/v1/search; it serves packuments, tarballs, npm audit and -/ping");
    assertThat(auditByGet.statusCode()).isEqualTo(405);
    assertThat(auditByGet.headers().firstValue("Allow")).hasValue("POST");
  }

  private static byte[] gzip(String text) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }
}
