package dev.gatehouse.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.policy.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two verdict stores on one SQLite database stand for two writers, such as two Gatehouse nodes. */
class VerdictChangesTest {
  private static final Instant T1 = Instant.parse("2026-03-02T09:00:00Z");
  private static final Instant T2 = Instant.parse("2026-03-02T10:00:00Z");

  @TempDir Path data;
  private Database db;

  @BeforeEach
  void open() throws IOException {
    db = Database.openSqlite(data);
  }

  @AfterEach
  void close() throws IOException {
    db.close();
  }

  @Test
  void anApprovalStoredByOneWriterReplacesTheVerdictAnotherWriterHasCached() throws IOException {
    VerdictChanges changes = new LocalVerdictChanges();
    VerdictStore reader = new VerdictStore(db, 100, changes);
    VerdictStore approver = new VerdictStore(db, 100, changes);
    PackageRef ref = Samples.npm("esbuild", "0.25.0");
    String sha = Samples.sha256("esbuild");
    StoredVerdict quarantined = new StoredVerdict(ref, sha, Verdict.quarantine("install-script", "postinstall"),
        "p1", 1, T1);
    reader.put(quarantined);
    assertThat(reader.find(ref, sha)).contains(quarantined); // now cached by the reader

    StoredVerdict approved = new StoredVerdict(ref, sha, Verdict.allow("approved"), "p1", 1, T2);
    approver.put(approved);

    assertThat(reader.find(ref, sha)).contains(approved);
  }

  @Test
  void withoutASharedPortACachedVerdictOutlivesAnotherWritersChange() throws IOException {
    VerdictStore reader = new VerdictStore(db, 100, new LocalVerdictChanges());
    VerdictStore approver = new VerdictStore(db, 100, new LocalVerdictChanges());
    PackageRef ref = Samples.npm("esbuild", "0.25.0");
    String sha = Samples.sha256("esbuild");
    StoredVerdict quarantined = new StoredVerdict(ref, sha, Verdict.quarantine("install-script", "postinstall"),
        "p1", 1, T1);
    reader.put(quarantined);

    approver.put(new StoredVerdict(ref, sha, Verdict.allow("approved"), "p1", 1, T2));

    // The case the port exists for: this is what a second node would serve without it.
    assertThat(reader.find(ref, sha)).contains(quarantined);
  }

  @Test
  void everyPutIsPublishedAfterItsCommitAndAFailingListenerDoesNotSilenceTheOthers() throws IOException {
    VerdictChanges changes = new LocalVerdictChanges();
    VerdictStore verdicts = new VerdictStore(db, 100, changes);
    List<StoredVerdict> heard = new ArrayList<>();
    changes.subscribe(v -> {
      throw new IllegalStateException("a broken listener");
    });
    changes.subscribe(v -> {
      try {
        // the verdict is readable from the database by the time anyone hears of it
        heard.add(new VerdictStore(db, 0).find(v.ref(), v.sha256()).orElseThrow());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    StoredVerdict stored = new StoredVerdict(Samples.npm("chalk", "5.6.1"), Samples.sha256("chalk"),
        Verdict.block("exfiltration", List.of("reads ~/.npmrc and sends it")), "p2", 1, T1);

    verdicts.put(stored);

    assertThat(heard).containsExactly(stored);
  }
}
