package dev.gatehouse.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.policy.Verdict;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unit of work of the SQLite catalog: one decision's records commit together or not at all. */
class CatalogTest {
  private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path data;
  private Database db;
  private ArtifactStore artifacts;
  private AnalysisStore analyses;
  private VerdictStore verdicts;
  private final List<StoredVerdict> heard = new ArrayList<>();

  @BeforeEach
  void open() throws IOException {
    db = Database.openSqlite(data);
    artifacts = new ArtifactStore(db);
    analyses = new AnalysisStore(db, CLOCK);
    VerdictChanges changes = new LocalVerdictChanges();
    changes.subscribe(heard::add);
    verdicts = new VerdictStore(db, 100, changes);
  }

  @AfterEach
  void close() throws IOException {
    db.close();
  }

  @Test
  void aDecisionWhoseLastWriteFailsLeavesNoRecordNoCachedVerdictAndNoChangeNotice() throws IOException {
    PackageRef ref = Samples.npm("evil", "1.0.0");
    String sha = Samples.sha256("evil");

    assertThatThrownBy(() -> db.unitOfWork("store the decision on " + ref, () -> {
      analyses.put(Samples.exfiltratingTarball(sha));
      artifacts.remember(new KnownArtifact(ref, sha, 4, URI.create("https://registry.invalid/evil.tgz"), NOW));
      verdicts.put(new StoredVerdict(ref, sha, Verdict.block("exfiltration", List.of("reads ~/.npmrc")), "p1", 1,
          NOW));
      throw new IOException("the disk filled up before the quarantine entry was written");
    })).hasMessage("the disk filled up before the quarantine entry was written");

    assertThat(artifacts.find(ref)).isEmpty();
    assertThat(analyses.find(sha, 1)).isEmpty();
    assertThat(verdicts.find(ref, sha)).isEmpty();
    assertThat(heard).isEmpty();
  }

  @Test
  void otherReadersSeeTheRecordsOfAUnitOnlyOnceItCommitted() throws Exception {
    PackageRef ref = Samples.npm("left-pad", "1.3.0");
    String sha = Samples.sha256("left-pad");
    StoredVerdict allowed = new StoredVerdict(ref, sha, Verdict.allow("no-triggers"), "p1", 1, NOW);

    Optional<KnownArtifact> seenInside = db.unitOfWork("store the decision on " + ref, () -> {
      artifacts.remember(new KnownArtifact(ref, sha, 8, URI.create("https://registry.invalid/left-pad.tgz"), NOW));
      verdicts.put(allowed);
      assertThat(artifacts.find(ref)).as("the unit reads its own writes").isPresent();
      assertThat(heard).as("no notice before the commit").isEmpty();
      // Another thread (another request, or another node) reads the committed state only.
      return CompletableFuture.supplyAsync(() -> {
        try {
          return artifacts.find(ref);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).join();
    });

    assertThat(seenInside).isEmpty();
    assertThat(artifacts.find(ref)).isPresent();
    assertThat(new VerdictStore(db, 0).find(ref, sha)).contains(allowed);
    assertThat(heard).containsExactly(allowed);
  }

  @Test
  void aUnitOpenedInsideAnotherJoinsIt() throws IOException {
    PackageRef ref = Samples.npm("chalk", "5.6.1");
    String sha = Samples.sha256("chalk");

    assertThatThrownBy(() -> db.unitOfWork("outer", () -> {
      db.unitOfWork("inner", () -> artifacts.remember(
          new KnownArtifact(ref, sha, 5, URI.create("https://registry.invalid/chalk.tgz"), NOW)));
      throw new IOException("the outer unit fails after the inner one returned");
    })).isInstanceOf(IOException.class);

    assertThat(artifacts.find(ref)).as("the inner unit did not commit on its own").isEmpty();
  }
}
