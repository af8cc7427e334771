package dev.gatehouse.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.policy.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerdictStoreTest {
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
  void aVerdictIsFoundByFileAndBytesWithWhatItWasDerivedUnder() throws IOException {
    VerdictStore verdicts = new VerdictStore(db, 100);
    PackageRef ref = Samples.npm("evil", "1.0.0");
    StoredVerdict stored = new StoredVerdict(ref, Samples.sha256("evil"),
        Verdict.block("exfiltration", List.of("postinstall reads ~/.npmrc", "and sends it to collector.invalid")),
        "policy-abc", 1, T1);

    verdicts.put(stored);

    StoredVerdict found = new VerdictStore(db, 100).find(ref, Samples.sha256("evil")).orElseThrow();
    assertThat(found).isEqualTo(stored);
    assertThat(found.derivedUnder("policy-abc", 1)).isTrue();
    assertThat(found.derivedUnder("policy-def", 1)).isFalse();
    assertThat(verdicts.find(ref, Samples.sha256("other bytes"))).isEmpty();
  }

  @Test
  void lookUpsAreServedFromTheCacheWhileItHoldsTheVerdict() throws IOException {
    VerdictStore cached = new VerdictStore(db, 100);
    VerdictStore uncached = new VerdictStore(db, 0);
    PackageRef ref = Samples.npm("left-pad", "1.3.0");
    String sha = Samples.sha256("left-pad");
    cached.put(new StoredVerdict(ref, sha, Verdict.allow("no-triggers"), "p1", 1, T1));
    assertThat(uncached.find(ref, sha)).isPresent();

    db.transaction("delete verdicts behind the stores' backs", c -> {
      try (Statement s = c.createStatement()) {
        return s.executeUpdate("DELETE FROM verdicts");
      }
    });

    assertThat(cached.find(ref, sha)).isPresent();
    assertThat(uncached.find(ref, sha)).isEmpty();
  }

  @Test
  void aPutReplacesTheCachedAndStoredVerdict() throws IOException {
    VerdictStore verdicts = new VerdictStore(db, 100);
    PackageRef ref = Samples.npm("chalk", "5.6.1");
    String sha = Samples.sha256("chalk");
    verdicts.put(new StoredVerdict(ref, sha, Verdict.quarantine("new-trigger", "adds a postinstall"), "p1", 1, T1));
    assertThat(verdicts.find(ref, sha)).isPresent();
    StoredVerdict approved = new StoredVerdict(ref, sha, Verdict.allow("approved"), "p1", 1, T2);

    verdicts.put(approved);

    assertThat(verdicts.find(ref, sha)).contains(approved);
    assertThat(new VerdictStore(db, 0).find(ref, sha)).contains(approved);
  }

  @Test
  void refusedFilesAreThoseWhoseLatestVerdictIsQuarantineOrBlock() throws IOException {
    VerdictStore verdicts = new VerdictStore(db, 100);
    PackageRef good = Samples.npm("ua-parser-js", "0.7.28");
    PackageRef hijacked = Samples.npm("ua-parser-js", "0.7.29");
    PackageRef held = Samples.npm("ua-parser-js", "0.8.0");
    PackageRef approvedLater = Samples.npm("ua-parser-js", "1.0.0");
    PackageRef otherPackage = Samples.npm("ua-parser", "0.7.29");
    verdicts.put(new StoredVerdict(good, Samples.sha256("good"), Verdict.allow("no-triggers"), "p1", 1, T1));
    verdicts.put(new StoredVerdict(hijacked, Samples.sha256("miner"), Verdict.block("exfiltration", "miner"), "p1", 1, T1));
    verdicts.put(new StoredVerdict(held, Samples.sha256("held"), Verdict.quarantine("install-script", "preinstall"),
        "p1", 1, T1));
    verdicts.put(new StoredVerdict(approvedLater, Samples.sha256("a"), Verdict.quarantine("install-script", "x"),
        "p1", 1, T1));
    verdicts.put(new StoredVerdict(approvedLater, Samples.sha256("a"), Verdict.allow("approved"), "p1", 1, T2));
    verdicts.put(new StoredVerdict(otherPackage, Samples.sha256("o"), Verdict.block("deny-list", "x"), "p1", 1, T1));

    RefusedFiles refused = verdicts.refused(Ecosystem.NPM, "ua-parser-js");

    assertThat(refused.files()).containsExactly(hijacked, held);
    assertThat(refused.versions()).containsExactly("0.7.29", "0.8.0");
    assertThat(refused.refusesVersion("0.7.28")).isFalse();
    assertThat(refused.refuses("0.7.29", "ua-parser-js-0.7.29.tgz")).isTrue();
    assertThat(verdicts.refused(Ecosystem.NPM, "left-pad").isEmpty()).isTrue();
  }

  @Test
  void whenAFileWasFetchedWithDifferentBytesTheLaterVerdictCounts() throws IOException {
    VerdictStore verdicts = new VerdictStore(db, 100);
    PackageRef ref = Samples.npm("event-stream", "3.3.6");
    verdicts.put(new StoredVerdict(ref, Samples.sha256("clean"), Verdict.allow("no-triggers"), "p1", 1, T1));
    verdicts.put(new StoredVerdict(ref, Samples.sha256("flatmap"), Verdict.block("exfiltration", "x"), "p1", 1, T2));

    assertThat(verdicts.refused(Ecosystem.NPM, "event-stream").files()).containsExactly(ref);
  }

  @Test
  void staleVerdictsAreThoseOfAnotherPolicyOrAnalyzerOldestFirst() throws IOException {
    VerdictStore verdicts = new VerdictStore(db, 100);
    StoredVerdict current = new StoredVerdict(Samples.npm("a", "1.0.0"), Samples.sha256("a"), Verdict.allow("r"),
        "p2", 1, T1);
    StoredVerdict oldPolicy = new StoredVerdict(Samples.npm("b", "1.0.0"), Samples.sha256("b"), Verdict.allow("r"),
        "p1", 1, T2);
    StoredVerdict oldAnalyzer = new StoredVerdict(Samples.npm("c", "1.0.0"), Samples.sha256("c"), Verdict.allow("r"),
        "p2", 0, T1);
    verdicts.put(current);
    verdicts.put(oldPolicy);
    verdicts.put(oldAnalyzer);

    assertThat(verdicts.stale("p2", 1, 10)).containsExactly(oldAnalyzer, oldPolicy);
    assertThat(verdicts.stale("p2", 1, 1)).containsExactly(oldAnalyzer);
  }
}
