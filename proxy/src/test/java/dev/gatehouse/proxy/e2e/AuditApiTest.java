package dev.gatehouse.proxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.proxy.testing.TestGatehouse;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit API over real sockets: filters it does not know, the export, and the auditor's two questions. */
class AuditApiTest {
  private static final String CLEAN_10 = "org/example/clean/1.0/clean-1.0.jar";
  private static final String CLEAN_11 = "org/example/clean/1.1/clean-1.1.jar";

  @TempDir Path tmp;
  private final ObjectMapper mapper = new ObjectMapper();
  private FakeMavenRepository upstream;
  private TestGatehouse gatehouse;

  @BeforeEach
  void start() throws Exception {
    upstream = new FakeMavenRepository();
    upstream.put(CLEAN_10, FixtureJar.clean("org.example.clean").build(tmp, "clean.jar"));
    upstream.put(CLEAN_11, FixtureJar.clean("org.example.clean").build(tmp, "clean.jar"));
    gatehouse = TestGatehouse.builder(tmp).dataDir(tmp.resolve("data")).maven(upstream.url().toString()).start();
    // Downloads are attributed to the token that made them, never to a header the client chose.
    java.util.Map<String, String> tokens = java.util.Map.of("ci-runner", gatehouse.issueToken("ci-runner", "reader"),
        "alice", gatehouse.issueToken("alice", "reader"));
    for (String user : List.of("ci-runner", "ci-runner", "alice")) {
      assertThat(gatehouse.getBytes("/maven2/" + CLEAN_10, "Authorization", "Bearer " + tokens.get(user))
          .statusCode()).isEqualTo(200);
    }
    assertThat(gatehouse.getBytes("/maven2/" + CLEAN_11, "Authorization", "Bearer " + tokens.get("alice"))
        .statusCode()).isEqualTo(200);
    assertThat(gatehouse.getBytes("/maven2/org/example/missing/1.0/missing-1.0.jar").statusCode()).isEqualTo(404);
    gatehouse.auditTrail(""); // waits until every event is stored
  }

  @AfterEach
  void stop() throws Exception {
    gatehouse.close();
    upstream.close();
  }

  /** Issue 12: the audit API silently ignored filters it did not know, answering a wider question. */
  @Test
  void anUnknownFilterIsAnsweredBadRequestNamingItAndTheKnownOnes() throws Exception {
    HttpResponse<String> typo = gatehouse.adminGet("/api/v1/audit?packge=clean");
    assertThat(typo.statusCode()).isEqualTo(400);
    assertThat(typo.body()).contains("unknown query parameter \\\"packge\\\" for /api/v1/audit; it knows client, "
        + "cursor, decision, ecosystem, from, limit, package, status, to, user, version");
    assertThat(gatehouse.adminGet("/api/v1/audit/export?format=csv&host=1").statusCode()).isEqualTo(400);
    assertThat(gatehouse.adminGet("/api/v1/audit/downloaders?ecosystem=maven&package=x&client=1").statusCode())
        .isEqualTo(400);
  }

  @Test
  void clientAndUserFilterThePage() throws Exception {
    JsonNode alice = mapper.readTree(gatehouse.adminGet("/api/v1/audit?user=alice").body()).get("events");
    assertThat(alice.findValuesAsText("user")).containsOnly("alice").hasSize(2);
    JsonNode local = mapper.readTree(gatehouse.adminGet("/api/v1/audit?client=127.0.0.1").body()).get("events");
    assertThat(local).hasSize(5);
    assertThat(mapper.readTree(gatehouse.adminGet("/api/v1/audit?client=10.9.9.9").body()).get("events")).isEmpty();
  }

  @Test
  void theExportStreamsEveryMatchingEventAsJsonLinesOrCsv() throws Exception {
    HttpResponse<String> jsonl = gatehouse.adminGet("/api/v1/audit/export?format=jsonl&user=ci-runner");
    assertThat(jsonl.statusCode()).isEqualTo(200);
    assertThat(jsonl.headers().firstValue("Content-Type")).contains("application/x-ndjson; charset=utf-8");
    List<String> lines = jsonl.body().lines().toList();
    assertThat(lines).hasSize(2);
    for (String line : lines) {
      assertThat(mapper.readTree(line).get("file").asText()).isEqualTo("clean-1.0.jar");
    }

    HttpResponse<String> csv = gatehouse.adminGet("/api/v1/audit/export?format=csv");
    assertThat(csv.statusCode()).isEqualTo(200);
    List<String> rows = csv.body().lines().toList();
    assertThat(rows.get(0)).isEqualTo("time,client,user,ecosystem,package,version,file,sha256,decision,rule,status,"
        + "bytes,requestId");
    assertThat(rows).hasSize(1 + 5);
    assertThat(rows.get(1)).contains(",maven,org.example:missing,1.0,missing-1.0.jar,,,,404,0,");
    assertThat(rows.get(2)).contains(",alice,maven,org.example:clean,1.1,clean-1.1.jar,");
    assertThat(gatehouse.adminGet("/api/v1/audit/export?format=xml").statusCode()).isEqualTo(400);
  }

  @Test
  void whoDownloadedAVersionIsAnsweredWithUsersClientsTimesAndCounts() throws Exception {
    HttpResponse<String> answer = gatehouse.adminGet(
        "/api/v1/audit/downloaders?ecosystem=maven&package=org.example:clean&version=1.0");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode downloaders = mapper.readTree(answer.body()).get("downloaders");
    assertThat(downloaders).hasSize(2);
    for (JsonNode d : downloaders) {
      assertThat(d.get("client").asText()).isEqualTo("127.0.0.1");
      assertThat(d.get("count").asLong()).isEqualTo(d.get("user").asText().equals("ci-runner") ? 2 : 1);
      assertThat(d.get("first").asText()).isLessThanOrEqualTo(d.get("last").asText());
    }
    assertThat(gatehouse.adminGet("/api/v1/audit/downloaders?package=x").statusCode()).isEqualTo(400);
  }

  @Test
  void whatAHostDownloadedIsAnsweredPerPackageVersion() throws Exception {
    HttpResponse<String> answer = gatehouse.adminGet("/api/v1/audit/downloads?client=127.0.0.1");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode downloads = mapper.readTree(answer.body()).get("downloads");
    assertThat(downloads.findValuesAsText("version")).containsExactlyInAnyOrder("1.0", "1.1");
    assertThat(downloads.findValuesAsText("package")).containsOnly("org.example:clean");
    JsonNode byAlice = mapper.readTree(gatehouse.adminGet("/api/v1/audit/downloads?user=alice").body());
    assertThat(byAlice.get("downloads").findValuesAsText("count")).containsOnly("1");
    assertThat(gatehouse.adminGet("/api/v1/audit/downloads").statusCode()).isEqualTo(400);
  }
}
