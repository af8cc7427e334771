package dev.gatehouse.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.Analyzer;
import dev.gatehouse.core.quarantine.Quarantine;
import dev.gatehouse.core.quarantine.QuarantineEntry;
import dev.gatehouse.core.store.Database;
import dev.gatehouse.core.store.RefusedFiles;
import dev.gatehouse.core.store.Samples;
import dev.gatehouse.core.store.StoredVerdict;
import dev.gatehouse.core.store.VerdictStore;
import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.policy.Policy;
import dev.gatehouse.policy.Verdict;
import dev.gatehouse.proxy.testing.TestClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The refusals the release filter reads, from the real database: which wait for review and which are final. */
class StoredRefusalsTest {
  private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
  private static final Verdict HELD = Verdict.quarantine("install-script", List.of("postinstall reads ~/.npmrc"));

  @TempDir Path data;
  private Database db;
  private VerdictStore verdicts;
  private Quarantine quarantine;
  private StoredRefusals refusals;

  @BeforeEach
  void open() throws IOException {
    db = Database.openSqlite(data);
    verdicts = new VerdictStore(db, 0);
    quarantine = new Quarantine(db, TestClock.ticking(START, Duration.ofMinutes(1)));
    refusals = new StoredRefusals(verdicts, quarantine);
  }

  @AfterEach
  void close() throws IOException {
    db.close();
  }

  @Test
  void aPendingQuarantineWaitsForReviewAndARejectedOneAndABlockAreFinal() throws IOException {
    QuarantineEntry pending = hold("1.0.0");
    QuarantineEntry rejected = hold("1.1.0");
    quarantine.reject(rejected.id(), "ann", "steals tokens", START.plusSeconds(3600));
    PackageRef blocked = Samples.npm("evil", "1.2.0");
    verdicts.put(stored(blocked, "blocked", Verdict.block("exfiltration", "posts ~/.npmrc")));
    verdicts.put(stored(Samples.npm("evil", "0.9.0"), "clean", Verdict.allow(Policy.ALLOW_RULE)));

    RefusedFiles refused = refusals.of(Ecosystem.NPM, "evil");

    assertThat(refused.versions()).containsExactly("1.0.0", "1.1.0", "1.2.0");
    assertThat(refused.refusal(pending.ref()).orElseThrow().pendingReview()).hasValue(pending.id());
    assertThat(refused.refusal(rejected.ref()).orElseThrow().pendingReview()).isEmpty();
    assertThat(refused.refusal(blocked).orElseThrow())
        .isEqualTo(new RefusedFiles.Refusal(blocked, Decision.BLOCK, "exfiltration", "posts ~/.npmrc", Optional.empty()));
  }

  @Test
  void theFilterListsOnlyThePendingVersion() throws IOException {
    hold("1.0.0");
    quarantine.reject(hold("1.1.0").id(), "ann", "steals tokens", START.plusSeconds(3600));
    ReleaseFilter filter = new ReleaseFilter(Policy.defaults(), refusals, TestClock.at(START));

    ReleaseFilter.Pass pass = filter.pass(Ecosystem.NPM, "evil");

    assertThat(pass.version("evil@1.0.0", "1.0.0", Optional.empty())).hasValueSatisfying(w -> {
      assertThat(w.listed()).isTrue();
      assertThat(w.reason()).isEqualTo(ReleaseFilter.Reason.QUARANTINED);
    });
    assertThat(pass.version("evil@1.1.0", "1.1.0", Optional.empty())).hasValueSatisfying(w ->
        assertThat(w.hidden()).isTrue());
    assertThat(pass.version("evil@0.1.0", "0.1.0", Optional.empty())).isEmpty();
  }

  /** Quarantines {@code evil@version} as the gate does: the verdict and its entry. */
  private QuarantineEntry hold(String version) throws IOException {
    PackageRef ref = Samples.npm("evil", version);
    String sha = Samples.sha256("evil " + version);
    verdicts.put(stored(ref, "evil " + version, HELD));
    return quarantine.open(ref, sha, Samples.exfiltratingTarball(sha), HELD, "fp-" + version);
  }

  private static StoredVerdict stored(PackageRef ref, String bytes, Verdict verdict) {
    return new StoredVerdict(ref, Samples.sha256(bytes), verdict, Policy.defaults().version(), Analyzer.VERSION, START);
  }
}
