package dev.gatehouse.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.Analysis;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditLog;
import dev.gatehouse.core.audit.AuditQuery;
import dev.gatehouse.core.quarantine.Quarantine;
import dev.gatehouse.core.quarantine.QuarantineEntry;
import dev.gatehouse.policy.Approval;
import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.policy.Verdict;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everything Gatehouse stored is there again after a stop and a start on the same data directory. */
class RestartTest {
  private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path data;

  @Test
  void everythingStoredBeforeAStopIsFoundAfterAStartOnTheSameFolder() throws IOException {
    PackageRef held = Samples.npm("evil", "1.0.0");
    PackageRef approved = Samples.npm("node-sass", "9.0.0");
    String heldSha = Samples.sha256("evil bytes");
    String approvedSha = Samples.sha256("node-sass bytes");
    Analysis analysis = Samples.exfiltratingTarball(heldSha);
    KnownArtifact artifact = new KnownArtifact(held, heldSha, 10, URI.create("https://registry.invalid/evil.tgz"), NOW);
    StoredVerdict verdict = new StoredVerdict(held, heldSha, Verdict.quarantine("install-script", "postinstall"),
        "policy-1", 1, NOW);
    AuditEvent event = new AuditEvent(NOW, "10.0.0.7", "ci", Ecosystem.NPM, "evil", "1.0.0", held.file(), heldSha,
        Decision.QUARANTINE, "install-script", 403, 612, "req-1");
    QuarantineEntry pending;
    QuarantineEntry reviewed;

    try (Database db = Database.openSqlite(data); AuditLog audit = AuditLog.start(db)) {
      FileBlobStore blobs = FileBlobStore.open(data);
      Samples.write(blobs, "evil bytes").commit(heldSha);
      new ArtifactStore(db).remember(artifact);
      new AnalysisStore(db, CLOCK).put(analysis);
      new VerdictStore(db, 100).put(verdict);
      Quarantine quarantine = new Quarantine(db, CLOCK);
      pending = quarantine.open(held, heldSha, analysis, verdict.verdict(), "fp-held");
      reviewed = quarantine.open(approved, approvedSha, Samples.exfiltratingTarball(approvedSha),
          verdict.verdict(), "fp-approved");
      reviewed = quarantine.approve(reviewed.id(), "alice", "checked", NOW).entry().orElseThrow();
      audit.record(event); // not flushed: close() must store it
    }

    try (Database db = Database.openSqlite(data); AuditLog audit = AuditLog.start(db)) {
      FileBlobStore blobs = FileBlobStore.open(data);
      assertThat(((Blob.LocalFile) blobs.find(heldSha).orElseThrow()).file()).hasContent("evil bytes");
      assertThat(new ArtifactStore(db).find(held)).contains(artifact);
      assertThat(new AnalysisStore(db, CLOCK).find(heldSha, 1)).contains(analysis);
      VerdictStore verdicts = new VerdictStore(db, 100);
      assertThat(verdicts.find(held, heldSha)).contains(verdict);
      assertThat(verdicts.refused(Ecosystem.NPM, "evil").files()).containsExactly(held);
      Quarantine quarantine = new Quarantine(db, CLOCK);
      assertThat(quarantine.get(pending.id())).contains(pending);
      assertThat(quarantine.get(reviewed.id())).contains(reviewed);
      assertThat(quarantine.approvalsFor(approvedSha))
          .containsExactly(new Approval(approvedSha, "fp-approved", "alice", "checked", NOW));
      assertThat(audit.query(AuditQuery.newest(10)).events()).containsExactly(event);
    }
  }
}
