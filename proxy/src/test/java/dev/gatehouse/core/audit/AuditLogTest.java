package dev.gatehouse.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.store.Database;
import dev.gatehouse.core.store.Samples;
import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.Ecosystem;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  @TempDir Path data;
  private Database db;
  private AuditLog audit;

  @BeforeEach
  void open() throws IOException {
    db = Database.openSqlite(data);
    audit = AuditLog.start(db);
  }

  @AfterEach
  void close() throws IOException {
    audit.close();
    db.close();
  }

  @Test
  void aRecordedEventIsStoredWithEveryFieldByFlush() throws IOException {
    AuditEvent served = new AuditEvent(T0, "10.0.0.7", "ci-runner", Ecosystem.MAVEN, "org.example:core", "1.0",
        "core-1.0.jar", Samples.sha256("core"), Decision.ALLOW, "no-triggers", 200, 48_213, "req-1");
    AuditEvent metadata = new AuditEvent(T0.plusSeconds(1), "10.0.0.8", null, Ecosystem.NPM, "left-pad", null, null,
        null, null, null, 200, 912, "req-2");

    audit.record(served);
    audit.record(metadata);
    audit.flush();

    AuditPage page = audit.query(AuditQuery.newest(10));
    assertThat(page.events()).containsExactly(metadata, served);
    assertThat(page.nextCursor()).isEmpty();
  }

  @Test
  void everyFilterNarrowsTheResult() throws IOException {
    AuditEvent allowed = event(T0, Ecosystem.NPM, "chalk", "5.6.0", Decision.ALLOW, 200);
    AuditEvent blocked = event(T0.plusSeconds(10), Ecosystem.NPM, "chalk", "5.6.1", Decision.BLOCK, 403);
    AuditEvent held = event(T0.plusSeconds(20), Ecosystem.NPM, "debug", "4.4.2", Decision.QUARANTINE, 403);
    AuditEvent pypi = event(T0.plusSeconds(30), Ecosystem.PYPI, "chalk", "1.0", Decision.ALLOW, 200);
    AuditEvent notFound = event(T0.plusSeconds(40), Ecosystem.NPM, "chalk", "9.9.9", null, 404);
    for (AuditEvent e : List.of(allowed, blocked, held, pypi, notFound)) {
      audit.record(e);
    }
    audit.flush();

    assertThat(events(AuditQuery.newest(10).between(T0.plusSeconds(10), T0.plusSeconds(30))))
        .containsExactly(held, blocked);
    assertThat(events(AuditQuery.newest(10).withEcosystem(Ecosystem.NPM).withName("chalk")))
        .containsExactly(notFound, blocked, allowed);
    assertThat(events(AuditQuery.newest(10).withName("chalk").withVersion("5.6.1"))).containsExactly(blocked);
    assertThat(events(AuditQuery.newest(10).withDecision(Decision.ALLOW))).containsExactly(pypi, allowed);
    assertThat(events(AuditQuery.newest(10).withStatus(403))).containsExactly(held, blocked);
    assertThat(events(AuditQuery.newest(10).withEcosystem(Ecosystem.MAVEN))).isEmpty();
  }

  @Test
  void pagesFollowTheCursorNewestFirstWithoutRepeatsEvenWithinOneMillisecond() throws IOException {
    List<AuditEvent> recorded = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      Instant at = i < 10 ? T0 : T0.plusMillis(i); // ten in the same millisecond
      AuditEvent e = event(at, Ecosystem.NPM, "pkg" + i, "1.0.0", Decision.ALLOW, 200);
      recorded.add(e);
      audit.record(e);
    }
    audit.flush();

    List<AuditEvent> read = new ArrayList<>();
    AuditQuery query = AuditQuery.newest(7);
    int pages = 0;
    while (true) {
      AuditPage page = audit.query(query);
      pages++;
      read.addAll(page.events());
      if (page.nextCursor().isEmpty()) {
        break;
      }
      query = query.after(page.nextCursor().get());
    }

    assertThat(pages).isEqualTo(4);
    assertThat(read).hasSize(25).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(recorded);
    assertThat(read).extracting(AuditEvent::time).isSortedAccordingTo((a, b) -> b.compareTo(a));
  }

  @Test
  void aQueryIsBoundedAndABadCursorIsRefusedWithASentence() {
    assertThatThrownBy(() -> AuditQuery.newest(1001)).hasMessage("limit must be between 1 and 1000, was 1001");
    assertThatThrownBy(() -> AuditQuery.newest(0)).hasMessage("limit must be between 1 and 1000, was 0");
    assertThatThrownBy(() -> AuditQuery.newest(10).after("1' OR 1=1"))
        .hasMessage("not a cursor from an earlier audit page: 1' OR 1=1");
    assertThatThrownBy(() -> AuditQuery.newest(10).after("99999999999999999999-" + "0".repeat(32)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuditQuery.newest(10).between(T0, T0)).hasMessageContaining("must be before");
  }

  @Test
  void closeStoresEverythingStillQueuedAndTheEventsOutliveARestart() throws IOException {
    int count = AuditLog.MAX_BATCH * 2 + 17;
    for (int i = 0; i < count; i++) {
      audit.record(event(T0.plusMillis(i), Ecosystem.PYPI, "requests", "2.32." + i, Decision.ALLOW, 200));
    }

    audit.close();
    db.close();
    db = Database.openSqlite(data);
    audit = AuditLog.start(db);

    long stored = 0;
    AuditQuery query = AuditQuery.newest(AuditQuery.MAX_LIMIT).withName("requests");
    Optional<String> cursor = Optional.empty();
    do {
      AuditPage page = audit.query(cursor.map(query::after).orElse(query));
      stored += page.events().size();
      cursor = page.nextCursor();
    } while (cursor.isPresent());
    assertThat(stored).isEqualTo(count);
  }

  @Test
  void recordingAfterCloseIsAnError() throws IOException {
    audit.close();

    assertThatThrownBy(() -> audit.record(event(T0, Ecosystem.NPM, "x", "1", null, 200)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the audit log is closed; event req-x was not recorded");
  }

  @Test
  void aBatchTheDatabaseRefusesStaysQueuedAndIsStoredOnceTheDatabaseRecovers() throws IOException {
    rename("audit_events", "audit_events_away");
    AuditEvent e = event(T0, Ecosystem.NPM, "left-pad", "1.3.0", Decision.ALLOW, 200);
    audit.record(e);

    assertThatThrownBy(audit::flush).isInstanceOf(IOException.class)
        .hasMessageStartingWith("audit events could not be stored: could not store 1 audit events: ");

    rename("audit_events_away", "audit_events");
    audit.flush();
    assertThat(events(AuditQuery.newest(10))).containsExactly(e);
  }

  /**
   * The database refuses every batch until the log is closed, as if the process had died with the events queued: the
   * next log started on the same journal stores them, each once, and deletes the journal's stored segments.
   */
  @Test
  void eventsJournaledButNotStoredAreStoredOnceByTheNextStart() throws IOException {
    audit.close();
    Path journal = data.resolve("audit-journal");
    AuditLog first = AuditLog.start(db, journal);
    rename("audit_events", "audit_events_away");
    AuditEvent a = event(T0, Ecosystem.NPM, "left-pad", "1.3.0", Decision.ALLOW, 200);
    AuditEvent b = event(T0.plusSeconds(1), Ecosystem.PYPI, "litellm", "1.82.8", Decision.BLOCK, 403);
    first.record(a);
    first.record(b);
    assertThatThrownBy(first::close).isInstanceOf(IOException.class).hasMessageStartingWith("2 audit events were not");
    rename("audit_events_away", "audit_events");

    audit = AuditLog.start(db, journal);
    audit.flush();
    assertThat(events(AuditQuery.newest(10))).containsExactly(b, a);
    audit.close();

    audit = AuditLog.start(db, journal); // nothing left to replay
    audit.flush();
    assertThat(events(AuditQuery.newest(10))).containsExactly(b, a);
    try (var files = java.nio.file.Files.list(journal)) {
      assertThat(files.toList()).as("stored segments are deleted").hasSizeLessThanOrEqualTo(1);
    }
  }

  /** A process killed in the middle of a write leaves a line cut short: its response was never sent, so skip it. */
  @Test
  void aJournalLineCutShortByADeathIsSkippedAndTheRestIsStored() throws IOException {
    audit.close();
    Path journal = data.resolve("audit-journal");
    AuditLog first = AuditLog.start(db, journal);
    rename("audit_events", "audit_events_away");
    AuditEvent whole = event(T0, Ecosystem.NPM, "left-pad", "1.3.0", Decision.ALLOW, 200);
    first.record(whole);
    assertThatThrownBy(first::close).isInstanceOf(IOException.class);
    rename("audit_events_away", "audit_events");
    try (var segments = java.nio.file.Files.list(journal)) {
      Path segment = segments.findFirst().orElseThrow();
      java.nio.file.Files.writeString(segment, "{\"id\":\"0123\",\"time\":17", java.nio.file.StandardOpenOption.APPEND);
    }

    audit = AuditLog.start(db, journal);
    audit.flush();
    assertThat(events(AuditQuery.newest(10))).containsExactly(whole);
  }

  private void rename(String from, String to) throws IOException {
    db.transaction("rename " + from, c -> {
      try (Statement s = c.createStatement()) {
        return s.executeUpdate("ALTER TABLE " + from + " RENAME TO " + to);
      }
    });
  }

  private List<AuditEvent> events(AuditQuery query) throws IOException {
    return audit.query(query).events();
  }

  private static AuditEvent event(Instant at, Ecosystem ecosystem, String name, String version, Decision decision,
      int status) {
    String file = name + "-" + version + ".tgz";
    return new AuditEvent(at, "127.0.0.1", null, ecosystem, name, version, file,
        decision == null ? null : Samples.sha256(file), decision, decision == null ? null : "rule", status, 100,
        "req-" + name);
  }
}
