package dev.gatehouse.proxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.proxy.testing.TestGatehouse;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Identities over real sockets: named tokens and their roles on the admin API, downloads attributed to the
 * token's name whatever headers the client adds, {@code X-Forwarded-For} believed only from a trusted proxy, and
 * anonymous downloads turned off.
 */
class AccessTest {
  private static final String CLEAN = "org/example/clean/1.0/clean-1.0.jar";
  private static final String PROCESSOR = "org/example/shaper/1.0/shaper-1.0.jar";

  @TempDir Path tmp;
  private final ObjectMapper mapper = new ObjectMapper();
  private FakeMavenRepository upstream;
  private TestGatehouse gatehouse;

  @BeforeEach
  void start() throws Exception {
    upstream = new FakeMavenRepository();
    upstream.put(CLEAN, FixtureJar.clean("org.example.clean").build(tmp, "clean.jar"));
    upstream.put(PROCESSOR, FixtureJar.processor().build(tmp, "shaper.jar"));
  }

  private void startGatehouse(String yaml) throws Exception {
    startGatehouse("", yaml);
  }

  private void startGatehouse(String serverKeys, String yaml) throws Exception {
    gatehouse = TestGatehouse.builder(tmp).maven(upstream.url().toString()).upstreamReads("2s", 0).server(serverKeys)
        .yaml(yaml).start();
  }

  @AfterEach
  void stop() throws Exception {
    if (gatehouse != null) {
      gatehouse.close();
    }
    upstream.close();
  }

  @Test
  void aReaderReadsButCannotApproveAndIsToldWhichRoleItNeeds() throws Exception {
    startGatehouse("");
    String id = MavenGateTest.quarantineId(gatehouse.get("/maven2/" + PROCESSOR).body());
    String reader = gatehouse.issueToken("dashboard", "reader");

    HttpResponse<String> whoami = gatehouse.withToken(reader, "GET", "/api/v1/whoami", null);
    HttpResponse<String> list = gatehouse.withToken(reader, "GET", "/api/v1/quarantine", null);
    HttpResponse<String> approve = gatehouse.withToken(reader, "POST", "/api/v1/quarantine/" + id + "/approve",
        "{\"reason\": \"looks fine\"}");
    HttpResponse<String> issue = gatehouse.withToken(reader, "POST", "/api/v1/tokens",
        "{\"name\": \"escalated\", \"role\": \"admin\"}");

    assertThat(json(whoami).path("name").asText()).isEqualTo("dashboard");
    assertThat(json(whoami).path("role").asText()).isEqualTo("reader");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains(id);
    assertThat(approve.statusCode()).isEqualTo(403);
    assertThat(approve.body()).contains("this needs the reviewer role; the token dashboard has the reader role");
    assertThat(issue.statusCode()).isEqualTo(403);
    assertThat(issue.body()).contains("this needs the admin role");
    assertThat(gatehouse.adminGet("/api/v1/quarantine/" + id).body()).contains("\"status\" : \"pending\"");
  }

  @Test
  void anAdminCallWithoutARuleNeedsTheAdminRoleAndUnreadableCredentialsAre401() throws Exception {
    startGatehouse("");
    String reviewer = gatehouse.issueToken("ann", "reviewer");

    HttpResponse<String> reload = gatehouse.withToken(reviewer, "POST", "/api/v1/policy/reload", null);
    HttpResponse<String> noPassword = gatehouse.get("/maven2/" + CLEAN, "Authorization", basic(reviewer, ""));
    HttpResponse<String> noToken = gatehouse.get("/api/v1/whoami");

    assertThat(reload.statusCode()).isEqualTo(403);
    assertThat(reload.body()).contains("this needs the admin role; the token ann has the reviewer role");
    assertThat(noPassword.statusCode()).isEqualTo(401);
    assertThat(noPassword.body()).contains("the Basic credentials have no password; send the token as the password");
    assertThat(noToken.statusCode()).isEqualTo(401);
    assertThat(noToken.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"gatehouse\"");
    assertThat(upstream.requests(CLEAN)).isZero();
  }

  @Test
  void aRevokedTokenFailsWith401OnTheApiAndOnDownloads() throws Exception {
    startGatehouse("");
    String token = gatehouse.issueToken("laptop-bob", "reviewer");
    assertThat(gatehouse.withToken(token, "GET", "/api/v1/whoami", null).statusCode()).isEqualTo(200);

    HttpResponse<String> revoked = gatehouse.admin("DELETE", "/api/v1/tokens/laptop-bob", null, "admin");

    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(json(revoked).path("revokedAt").asText()).isNotEmpty();
    HttpResponse<String> api = gatehouse.withToken(token, "GET", "/api/v1/whoami", null);
    assertThat(api.statusCode()).isEqualTo(401);
    assertThat(api.body()).contains("the token is not valid: it is unknown or has been revoked");
    HttpResponse<String> download = gatehouse.get("/maven2/" + CLEAN, "Authorization", basic("bob", token));
    assertThat(download.statusCode()).isEqualTo(401);
    assertThat(download.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"gatehouse\"");
    JsonNode listed = json(gatehouse.admin("GET", "/api/v1/tokens", null, "admin")).path("tokens");
    assertThat(listed.findValuesAsText("name")).contains("laptop-bob");
    assertThat(gatehouse.admin("DELETE", "/api/v1/tokens/admin", null, "admin").statusCode()).isEqualTo(400);
  }

  @Test
  void aForgedUserHeaderChangesNeitherTheAuditRowNorTheReviewer() throws Exception {
    startGatehouse("");
    String ci = gatehouse.issueToken("ci-builds", "reviewer");

    HttpResponse<String> download = gatehouse.get("/maven2/" + CLEAN, "Authorization", basic("mallory", ci),
        "X-Gatehouse-User", "mallory");
    HttpResponse<String> anonymous = gatehouse.get("/maven2/" + PROCESSOR, "X-Gatehouse-User", "mallory");
    String id = MavenGateTest.quarantineId(anonymous.body());
    HttpResponse<String> approved = gatehouse.send("POST", "/api/v1/quarantine/" + id + "/approve",
        java.net.http.HttpRequest.BodyPublishers.ofString("{\"reason\": \"reviewed the processor\"}"),
        "Authorization", "Bearer " + ci, "X-Gatehouse-User", "mallory", "Content-Type", "application/json");

    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    assertThat(json(approved).path("entry").path("review").path("reviewer").asText()).isEqualTo("ci-builds");
    JsonNode events = json(gatehouse.auditTrail("package=org.example:clean")).path("events");
    assertThat(events.findValuesAsText("user")).containsOnly("ci-builds");
    JsonNode refused = json(gatehouse.auditTrail("package=org.example:shaper")).path("events");
    assertThat(refused).isNotEmpty();
    assertThat(refused.findValues("user")).allMatch(JsonNode::isNull);
    assertThat(gatehouse.auditTrail("").contains("mallory")).isFalse();
  }

  @Test
  void xForwardedForIsIgnoredFromAnUntrustedPeer() throws Exception {
    startGatehouse("");

    gatehouse.get("/maven2/" + CLEAN, "X-Forwarded-For", "203.0.113.9");

    JsonNode events = json(gatehouse.auditTrail("package=org.example:clean")).path("events");
    assertThat(events.findValuesAsText("client")).containsOnly("127.0.0.1");
  }

  @Test
  void xForwardedForFromATrustedProxyNamesTheNearestUntrustedHop() throws Exception {
    startGatehouse("trustedProxies: [127.0.0.1, 10.0.0.0/8]", "");

    gatehouse.get("/maven2/" + CLEAN, "X-Forwarded-For", "192.0.2.66, 198.51.100.7, 10.1.2.3");

    JsonNode events = json(gatehouse.auditTrail("package=org.example:clean")).path("events");
    // 192.0.2.66 is what the client itself wrote: only 198.51.100.7 was seen by a proxy Gatehouse trusts.
    assertThat(events.findValuesAsText("client")).containsOnly("198.51.100.7");
  }

  @Test
  void withAnonymousDownloadsOffARequestWithoutATokenIsChallengedAndOneWithATokenIsServed() throws Exception {
    startGatehouse("auth:\n  anonymous: false\n");
    String reader = gatehouse.issueToken("build-agent", "reader");

    HttpResponse<String> anonymous = gatehouse.get("/maven2/" + CLEAN);
    HttpResponse<byte[]> withToken = gatehouse.getBytes("/maven2/" + CLEAN, "Authorization", basic("any", reader));
    HttpResponse<byte[]> bearer = gatehouse.getBytes("/maven2/" + CLEAN, "Authorization", "Bearer " + reader);

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"gatehouse\"");
    assertThat(anonymous.body()).contains("auth.anonymous is false");
    assertThat(withToken.statusCode()).isEqualTo(200);
    assertThat(bearer.statusCode()).isEqualTo(200);
    assertThat(upstream.requests(CLEAN)).isEqualTo(1);
  }

  @Test
  void theApproveCommandOfARefusalNamesThePublicUrlNotTheHostHeader() throws Exception {
    startGatehouse("publicUrl: https://gatehouse.example.com/", "");

    String answer;
    try (Socket socket = new Socket("127.0.0.1", gatehouse.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET /maven2/" + PROCESSOR + " HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    assertThat(answer).startsWith("HTTP/1.1 403").contains("https://gatehouse.example.com/api/v1/quarantine/q-")
        .doesNotContain("attacker.example");
  }

  private JsonNode json(HttpResponse<String> response) throws Exception {
    return json(response.body());
  }

  private JsonNode json(String body) throws Exception {
    return mapper.readTree(body);
  }

  static String basic(String user, String token) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
  }
}
