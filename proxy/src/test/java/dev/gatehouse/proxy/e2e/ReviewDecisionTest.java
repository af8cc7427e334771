package dev.gatehouse.proxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.store.Database;
import dev.gatehouse.proxy.testing.TestClock;
import dev.gatehouse.proxy.testing.TestGatehouse;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reviewers' decisions over real sockets, on the real database: an approval is one transaction with its verdict and
 * its audit row, it may expire and be revoked, waivers serve version ranges, and a rejection beats them all.
 */
class ReviewDecisionTest {
  private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
  private static final String SHAPER_10 = "org/example/shaper/1.0/shaper-1.0.jar";
  private static final String SHAPER_11 = "org/example/shaper/1.1/shaper-1.1.jar";
  private static final String SHAPER_20 = "org/example/shaper/2.0/shaper-2.0.jar";

  @TempDir Path tmp;
  private final ObjectMapper mapper = new ObjectMapper();
  private final TestClock clock = TestClock.at(START);
  private FakeMavenRepository upstream;
  private TestGatehouse gatehouse;

  @BeforeEach
  void start() throws Exception {
    upstream = new FakeMavenRepository();
    for (String jar : new String[] {SHAPER_10, SHAPER_11, SHAPER_20}) {
      upstream.put(jar, FixtureJar.processor().build(tmp, "shaper.jar"));
    }
    gatehouse = TestGatehouse.builder(tmp).dataDir(tmp.resolve("data")).maven(upstream.url().toString())
        .clock(clock).upstreamReads("2s", 1).start();
  }

  @AfterEach
  void stop() throws Exception {
    if (gatehouse != null) {
      gatehouse.close();
    }
    upstream.close();
  }

  /**
   * Issue 12: killing the server mid-approve left artifacts approved but still refused. Each step of the approval's
   * unit of work (the entry, the approval, the decision's audit row, the verdict) is made to fail in turn by a
   * trigger in the real database: the approval then answers 500 and changes nothing, and the retry completes it.
   */
  @ParameterizedTest
  @ValueSource(strings = {"BEFORE UPDATE ON quarantine", "BEFORE INSERT ON approvals",
      "BEFORE INSERT ON review_decisions", "BEFORE INSERT ON verdicts", "BEFORE UPDATE ON verdicts"})
  void aFailureAtAnyStepOfAnApprovalLeavesTheStateBeforeAndTheRetryCompletesIt(String step) throws Exception {
    String id = quarantined(SHAPER_10);
    sql("CREATE TRIGGER fail_here " + step + " BEGIN SELECT RAISE(ABORT, 'injected failure'); END");

    HttpResponse<String> failed = approve(id, "{\"reason\": \"reviewed the processor\"}");
    assertThat(failed.statusCode()).as(failed.body()).isEqualTo(500);
    assertThat(entry(id).get("status").asText()).isEqualTo("pending");
    assertThat(entry(id).get("decisions")).isEmpty();
    assertThat(count("SELECT COUNT(*) FROM approvals")).isZero();
    assertThat(count("SELECT COUNT(*) FROM verdicts WHERE rule = 'approved'")).isZero();
    assertThat(gatehouse.getBytes("/maven2/" + SHAPER_10).statusCode()).isEqualTo(403);

    sql("DROP TRIGGER fail_here");
    HttpResponse<String> retried = approve(id, "{\"reason\": \"reviewed the processor\"}");
    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
    assertThat(gatehouse.getBytes("/maven2/" + SHAPER_10).statusCode()).isEqualTo(200);
    JsonNode decisions = entry(id).get("decisions");
    assertThat(decisions).hasSize(1);
    assertThat(decisions.get(0).get("action").asText()).isEqualTo("approve");
    assertThat(decisions.get(0).get("reviewer").asText()).isEqualTo(TestGatehouse.REVIEWER);
    assertThat(decisions.get(0).get("reason").asText()).isEqualTo("reviewed the processor");
  }

  /** The state the issue found after the kill: approval recorded, verdict still a quarantine; approving finishes. */
  @Test
  void anApprovalRecordedWithoutItsVerdictIsFinishedByApprovingAgain() throws Exception {
    String id = quarantined(SHAPER_10);
    sql("UPDATE quarantine SET status = 'APPROVED', decided_by = 'alice', decided_at = " + START.toEpochMilli()
        + ", decision_reason = 'checked' WHERE id = '" + id + "'");
    sql("INSERT INTO approvals (quarantine_id, sha256, findings_fingerprint, reviewer, reason, approved_at) "
        + "SELECT id, sha256, findings_fingerprint, 'alice', 'checked', " + START.toEpochMilli()
        + " FROM quarantine WHERE id = '" + id + "'");
    assertThat(gatehouse.getBytes("/maven2/" + SHAPER_10).statusCode()).as("approved but refused").isEqualTo(403);

    HttpResponse<String> again = approve(id, "{\"reason\": \"retry\"}");
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(again.body()).contains("was approved by alice at 2026-03-02T09:00:00Z; its verdict is now derived "
        + "from that decision: allow");
    assertThat(gatehouse.getBytes("/maven2/" + SHAPER_10).statusCode()).isEqualTo(200);
    assertThat(approve(id, "{\"reason\": \"third time\"}").statusCode()).as("nothing left to do").isEqualTo(409);
  }

  @Test
  void aRevokedApprovalRefusesTheArtifactAgainAndTheEntryKeepsBothDecisions() throws Exception {
    String id = quarantined(SHAPER_10);
    assertThat(approve(id, "{\"reason\": \"looked fine\"}").statusCode()).isEqualTo(200);
    assertThat(gatehouse.getBytes("/maven2/" + SHAPER_10).statusCode()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(5));

    HttpResponse<String> revoked = gatehouse.admin("POST", "/api/v1/quarantine/" + id + "/revoke",
        "{\"reason\": \"the processor writes files after all\"}");
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
    assertThat(revoked.body()).contains("\"decision\" : \"quarantine\"");

    assertThat(gatehouse.getBytes("/maven2/" + SHAPER_10).statusCode()).isEqualTo(403);
    JsonNode entry = entry(id);
    assertThat(entry.get("status").asText()).isEqualTo("pending");
    assertThat(entry.get("decisions").findValuesAsText("action")).containsExactly("approve", "revoke");
    JsonNode trail = mapper.readTree(gatehouse.adminGet("/api/v1/audit/decisions?reviewer="
        + TestGatehouse.REVIEWER).body()).get("decisions");
    assertThat(trail.findValuesAsText("action")).as("newest first").containsExactly("revoke", "approve");
    assertThat(trail.get(0).get("package").asText()).isEqualTo("org.example:shaper");
    assertThat(trail.get(0).get("reason").asText()).isEqualTo("the processor writes files after all");
    assertThat(trail.get(0).get("entry").asText()).isEqualTo(id);
    assertThat(gatehouse.adminGet("/api/v1/audit/decisions?user=x").statusCode()).isEqualTo(400);
    assertThat(gatehouse.admin("POST", "/api/v1/quarantine/" + id + "/revoke", "{\"reason\": \"again\"}")
        .statusCode()).as("nothing approved to revoke").isEqualTo(409);
  }

  @Test
  void anApprovalWithAnExpiryHoldsTheArtifactAgainOnceItHasPassed() throws Exception {
    String id = quarantined(SHAPER_10);
    Instant end = START.plus(Duration.ofHours(1));
    HttpResponse<String> approved = approve(id, "{\"reason\": \"until the fix ships\", \"expiresAt\": \"" + end + "\"}");
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    assertThat(gatehouse.getBytes("/maven2/" + SHAPER_10).statusCode()).isEqualTo(200);

    clock.advance(Duration.ofHours(2));
    assertThat(gatehouse.getBytes("/maven2/" + SHAPER_10).statusCode()).isEqualTo(403);
    assertThat(approve(id, "{\"reason\": \"x\", \"expiresAt\": \"yesterday\"}").statusCode()).isEqualTo(400);
    assertThat(approve(id, "{\"reason\": \"x\", \"expiresAt\": \"" + START + "\"}").statusCode())
        .as("an expiry in the past").isEqualTo(400);

    HttpResponse<String> renewed = approve(id, "{\"reason\": \"the fix is late\", \"expiresAt\": \""
        + START.plus(Duration.ofDays(7)) + "\"}");
    assertThat(renewed.statusCode()).as("an expired approval may be given again: %s", renewed.body()).isEqualTo(200);
    assertThat(gatehouse.getBytes("/maven2/" + SHAPER_10).statusCode()).isEqualTo(200);
    assertThat(entry(id).get("decisions").findValuesAsText("action")).containsExactly("approve", "approve");
  }

  @Test
  void aWaiverServesTheQuarantinedVersionsInItsRangeUntilItIsDeleted() throws Exception {
    quarantined(SHAPER_10);
    quarantined(SHAPER_11);
    quarantined(SHAPER_20);

    HttpResponse<String> created = gatehouse.admin("POST", "/api/v1/waivers", "{\"ecosystem\": \"maven\", "
        + "\"package\": \"org.example:shaper\", \"versions\": \"[1.0,2.0)\", \"reason\": \"reviewed every 1.x\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode waiver = mapper.readTree(created.body());
    assertThat(waiver.get("verdicts").findValuesAsText("version")).containsExactlyInAnyOrder("1.0", "1.1");

    assertThat(gatehouse.getBytes("/maven2/" + SHAPER_10).statusCode()).isEqualTo(200);
    assertThat(gatehouse.getBytes("/maven2/" + SHAPER_11).statusCode()).isEqualTo(200);
    assertThat(gatehouse.getBytes("/maven2/" + SHAPER_20).statusCode()).isEqualTo(403);
    assertThat(gatehouse.adminGet("/api/v1/waivers").body()).contains(waiver.get("id").asText(), "[1.0,2.0)");

    HttpResponse<String> deleted = gatehouse.admin("DELETE", "/api/v1/waivers/" + waiver.get("id").asText(), "");
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
    assertThat(gatehouse.getBytes("/maven2/" + SHAPER_10).statusCode()).isEqualTo(403);
    assertThat(gatehouse.admin("POST", "/api/v1/waivers", "{\"ecosystem\": \"maven\", \"package\": \"x:y\", "
        + "\"versions\": \"[1.0,2.0\", \"reason\": \"r\"}").body()).contains("cannot read the Maven version range");
  }

  @Test
  void aRejectedArtifactStaysRefusedUnderAWaiverOfItsVersions() throws Exception {
    String id = quarantined(SHAPER_10);
    HttpResponse<String> rejected = gatehouse.admin("POST", "/api/v1/quarantine/" + id + "/reject",
        "{\"reason\": \"phones home\"}");
    assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(200);
    assertThat(rejected.body()).contains("\"rule\" : \"rejected\"");

    assertThat(gatehouse.admin("POST", "/api/v1/waivers", "{\"ecosystem\": \"maven\", "
        + "\"package\": \"org.example:shaper\", \"versions\": \"*\", \"reason\": \"all of it\"}").statusCode())
        .isEqualTo(201);
    HttpResponse<byte[]> refused = gatehouse.getBytes("/maven2/" + SHAPER_10);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("rejected by " + TestGatehouse.REVIEWER);
    assertThat(entry(id).get("decisions").findValuesAsText("action")).containsExactly("reject");
  }

  private String quarantined(String jar) throws Exception {
    HttpResponse<byte[]> refused = gatehouse.getBytes("/maven2/" + jar);
    assertThat(refused.statusCode()).isEqualTo(403);
    return MavenGateTest.quarantineId(new String(refused.body(), StandardCharsets.UTF_8));
  }

  private HttpResponse<String> approve(String id, String body) throws Exception {
    return gatehouse.admin("POST", "/api/v1/quarantine/" + id + "/approve", body);
  }

  private JsonNode entry(String id) throws Exception {
    HttpResponse<String> entry = gatehouse.adminGet("/api/v1/quarantine/" + id);
    assertThat(entry.statusCode()).isEqualTo(200);
    return mapper.readTree(entry.body());
  }

  /** A statement on the database file from outside Gatehouse, as an operator's sqlite3 would run it. */
  private void sql(String statement) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("data").resolve(Database.SQLITE_FILE));
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  private long count(String query) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("data").resolve(Database.SQLITE_FILE));
        Statement s = c.createStatement(); ResultSet rows = s.executeQuery(query)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
