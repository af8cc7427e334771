package dev.gatehouse.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.quarantine.Quarantine;
import dev.gatehouse.core.quarantine.QuarantineEntry;
import dev.gatehouse.core.store.Database;
import dev.gatehouse.core.store.Samples;
import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.policy.Verdict;
import dev.gatehouse.proxy.testing.TestClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DailyActivityTest {
  private static final Instant NOW = Instant.parse("2026-03-10T15:00:00Z");
  private static final Verdict HELD = Verdict.quarantine("install-script", List.of("postinstall reaches the network"));

  @TempDir Path data;
  private Database db;
  private AuditLog audit;
  private TestClock clock;
  private Quarantine quarantine;

  @BeforeEach
  void open() throws IOException {
    db = Database.openSqlite(data);
    audit = AuditLog.start(db);
    clock = TestClock.at(Instant.parse("2026-03-08T10:00:00Z"));
    quarantine = new Quarantine(db, clock);
  }

  @AfterEach
  void close() throws IOException {
    audit.close();
    db.close();
  }

  @Test
  void eachDayCountsServedArtifactsRefusalsOpenedEntriesAndWhatWasStillOpenAtItsEnd() throws IOException {
    download("2026-03-08T09:00:00Z", "left-pad", 200, Decision.ALLOW);
    download("2026-03-08T23:59:59Z", "left-pad", 200, Decision.ALLOW);
    download("2026-03-08T12:00:00Z", "evil", 403, Decision.QUARANTINE);
    download("2026-03-09T00:00:00Z", "evil", 403, Decision.QUARANTINE);
    download("2026-03-09T08:00:00Z", "evil", 403, Decision.BLOCK);
    metadata("2026-03-09T08:00:01Z"); // a packument: neither a download nor a refusal
    download("2026-03-01T12:00:00Z", "left-pad", 200, Decision.ALLOW); // before the days asked for
    audit.flush();
    QuarantineEntry first = open("evil", "1.0.0"); // 2026-03-08
    clock.advance(Duration.ofDays(1));
    open("evil", "1.0.1"); // 2026-03-09
    quarantine.approve(first.id(), "ann", "reviewed", Instant.parse("2026-03-09T16:00:00Z"));

    List<DailyActivity.Day> days = new DailyActivity(db).lastDays(4, NOW);

    assertThat(days).containsExactly(
        new DailyActivity.Day(LocalDate.parse("2026-03-07"), 0, 0, 0, 0),
        new DailyActivity.Day(LocalDate.parse("2026-03-08"), 2, 1, 1, 1),
        new DailyActivity.Day(LocalDate.parse("2026-03-09"), 0, 2, 1, 1),
        new DailyActivity.Day(LocalDate.parse("2026-03-10"), 0, 0, 0, 1));
  }

  @Test
  void daysOutsideOneToNinetyAreRefusedWithTheLimit() {
    DailyActivity activity = new DailyActivity(db);

    assertThatThrownBy(() -> activity.lastDays(0, NOW)).hasMessage("days must be between 1 and 90, was 0");
    assertThatThrownBy(() -> activity.lastDays(91, NOW)).hasMessage("days must be between 1 and 90, was 91");
  }

  private QuarantineEntry open(String name, String version) throws IOException {
    PackageRef ref = Samples.npm(name, version);
    String sha = Samples.sha256(name + version);
    return quarantine.open(ref, sha, Samples.exfiltratingTarball(sha), HELD, "fp-" + version);
  }

  private void download(String at, String name, int status, Decision decision) {
    audit.record(new AuditEvent(Instant.parse(at), "10.0.0.7", "ci", Ecosystem.NPM, name, "1.0.0",
        name + "-1.0.0.tgz", Samples.sha256(name), decision, decision.key(), status, status == 200 ? 1234 : 90,
        "req-" + at));
  }

  private void metadata(String at) {
    audit.record(new AuditEvent(Instant.parse(at), "10.0.0.7", null, Ecosystem.NPM, "left-pad", null, null, null,
        null, null, 200, 5000, "req-" + at));
  }
}
