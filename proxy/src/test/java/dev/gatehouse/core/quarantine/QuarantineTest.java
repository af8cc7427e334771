package dev.gatehouse.core.quarantine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.analyzer.Analysis;
import dev.gatehouse.core.quarantine.QuarantineEntry.Status;
import dev.gatehouse.core.quarantine.ReviewOutcome.Result;
import dev.gatehouse.core.store.Database;
import dev.gatehouse.core.store.Samples;
import dev.gatehouse.policy.Approval;
import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.policy.Verdict;
import dev.gatehouse.proxy.testing.TestClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuarantineTest {
  private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
  private static final Instant REVIEWED = Instant.parse("2026-03-02T15:30:00Z");
  private static final Verdict HELD = Verdict.quarantine("install-script",
      List.of("postinstall reads ~/.npmrc", "postinstall reaches the network"));

  @TempDir Path data;
  private Database db;
  private Quarantine quarantine;

  @BeforeEach
  void open() throws IOException {
    db = Database.openSqlite(data);
    quarantine = new Quarantine(db, TestClock.ticking(START, Duration.ofMinutes(1)));
  }

  @AfterEach
  void close() throws IOException {
    db.close();
  }

  @Test
  void openingHoldsTheArtifactPendingWithItsRuleReasonsAndMainFindings() throws IOException {
    PackageRef ref = Samples.npm("evil", "1.0.0");
    String sha = Samples.sha256("evil");

    QuarantineEntry entry = quarantine.open(ref, sha, Samples.exfiltratingTarball(sha), HELD, "fp-1");

    assertThat(entry.id()).matches("q-[a-z2-7]{10}");
    assertThat(entry.ref()).isEqualTo(ref);
    assertThat(entry.sha256()).isEqualTo(sha);
    assertThat(entry.findingsFingerprint()).isEqualTo("fp-1");
    assertThat(entry.rule()).isEqualTo("install-script");
    assertThat(entry.reasons()).isEqualTo(HELD.reasons());
    assertThat(entry.findingsSummary()).containsExactly(
        "critical: postinstall reads ~/.npmrc and sends it over the network (package/package.json scripts.postinstall)",
        "high: entry name escapes the archive: package/../../.bashrc (package/../../.bashrc)");
    assertThat(entry.status()).isEqualTo(Status.PENDING);
    assertThat(entry.createdAt()).isEqualTo(START);
    assertThat(entry.review()).isEmpty();
    assertThat(quarantine.get(entry.id())).contains(entry);
  }

  @Test
  void openingTheSameArtifactWithTheSameFindingsReturnsTheExistingEntry() throws IOException {
    PackageRef ref = Samples.npm("evil", "1.0.0");
    String sha = Samples.sha256("evil");
    QuarantineEntry first = quarantine.open(ref, sha, Samples.exfiltratingTarball(sha), HELD, "fp-1");

    QuarantineEntry again = quarantine.open(ref, sha, Samples.exfiltratingTarball(sha), HELD, "fp-1");

    assertThat(again).isEqualTo(first);
    assertThat(quarantine.count(Status.PENDING)).isEqualTo(1);
  }

  @Test
  void concurrentBuildsAskingForOneArtifactMakeOneEntryAndOneReviewWins() throws Exception {
    PackageRef ref = Samples.npm("evil", "1.0.0");
    String sha = Samples.sha256("evil");
    Analysis analysis = Samples.exfiltratingTarball(sha);
    ExecutorService builds = Executors.newFixedThreadPool(8);
    try {
      List<Future<QuarantineEntry>> opened = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        opened.add(builds.submit(() -> quarantine.open(ref, sha, analysis, HELD, "fp")));
      }
      Set<String> ids = new HashSet<>();
      for (Future<QuarantineEntry> entry : opened) {
        ids.add(entry.get(30, TimeUnit.SECONDS).id());
      }
      assertThat(ids).hasSize(1);

      String id = ids.iterator().next();
      List<Future<ReviewOutcome>> reviews = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String reviewer = "reviewer" + i;
        reviews.add(builds.submit(() -> quarantine.approve(id, reviewer, "ok", REVIEWED)));
      }
      List<Result> results = new ArrayList<>();
      for (Future<ReviewOutcome> review : reviews) {
        results.add(review.get(30, TimeUnit.SECONDS).result());
      }
      assertThat(results).containsOnlyOnce(Result.DONE).contains(Result.ALREADY_DECIDED);
      assertThat(quarantine.approvalsFor(sha)).hasSize(1);
    } finally {
      builds.shutdownNow();
    }
  }

  @Test
  void newBytesOrNewFindingsOpenANewEntry() throws IOException {
    PackageRef ref = Samples.npm("evil", "1.0.0");
    String sha = Samples.sha256("evil");
    String republished = Samples.sha256("evil, republished");
    QuarantineEntry first = quarantine.open(ref, sha, Samples.exfiltratingTarball(sha), HELD, "fp-1");

    QuarantineEntry newFindings = quarantine.open(ref, sha, Samples.exfiltratingTarball(sha), HELD, "fp-2");
    QuarantineEntry newBytes = quarantine.open(ref, republished, Samples.exfiltratingTarball(republished), HELD, "fp-1");

    assertThat(List.of(first.id(), newFindings.id(), newBytes.id())).doesNotHaveDuplicates();
    assertThat(quarantine.count(Status.PENDING)).isEqualTo(3);
  }

  @Test
  void approvingRecordsAnApprovalBoundToTheBytesAndTheReviewedFindings() throws IOException {
    String sha = Samples.sha256("node-sass");
    QuarantineEntry entry = quarantine.open(Samples.npm("node-sass", "9.0.0"), sha,
        Samples.exfiltratingTarball(sha), HELD, "fp-reviewed");

    ReviewOutcome outcome = quarantine.approve(entry.id(), "alice", "  native build, checked the script  ", REVIEWED);

    assertThat(outcome.result()).isEqualTo(Result.DONE);
    QuarantineEntry approved = outcome.entry().orElseThrow();
    assertThat(approved.status()).isEqualTo(Status.APPROVED);
    assertThat(approved.review()).contains(new QuarantineEntry.Review("alice", "native build, checked the script", REVIEWED));
    assertThat(quarantine.get(entry.id())).contains(approved);
    assertThat(quarantine.approvalsFor(sha)).containsExactly(
        new Approval(sha, "fp-reviewed", "alice", "native build, checked the script", REVIEWED));
    assertThat(quarantine.approvalsFor(Samples.sha256("other bytes"))).isEmpty();
    assertThat(outcome.message()).isEqualTo("quarantine entry " + entry.id() + " (npm node-sass@9.0.0 node-sass-9.0.0.tgz) is approved");
  }

  @Test
  void approvingTwiceChangesNothingAndSaysWhoDecidedFirst() throws IOException {
    String sha = Samples.sha256("x");
    QuarantineEntry entry = quarantine.open(Samples.npm("x", "1.0.0"), sha, Samples.exfiltratingTarball(sha), HELD, "fp");
    quarantine.approve(entry.id(), "alice", "ok", REVIEWED);

    ReviewOutcome second = quarantine.approve(entry.id(), "bob", "also ok", REVIEWED.plusSeconds(60));
    ReviewOutcome reject = quarantine.reject(entry.id(), "mallory", "no", REVIEWED.plusSeconds(120));

    assertThat(second.result()).isEqualTo(Result.ALREADY_DECIDED);
    assertThat(reject.result()).isEqualTo(Result.ALREADY_DECIDED);
    assertThat(second.message())
        .isEqualTo("quarantine entry " + entry.id() + " was already approved by alice at 2026-03-02T15:30:00Z");
    assertThat(quarantine.approvalsFor(sha)).extracting(Approval::reviewer).containsExactly("alice");
    assertThat(quarantine.get(entry.id()).orElseThrow().status()).isEqualTo(Status.APPROVED);
  }

  @Test
  void anUnknownOrMalformedIdIsNotFound() throws IOException {
    assertThat(quarantine.approve("q-aaaaaaaaaa", "alice", "ok", REVIEWED).result()).isEqualTo(Result.NOT_FOUND);
    ReviewOutcome malformed = quarantine.reject("../admin", "alice", "ok", REVIEWED);
    assertThat(malformed.result()).isEqualTo(Result.NOT_FOUND);
    assertThat(malformed.message()).isEqualTo("no quarantine entry ../admin");
    assertThat(quarantine.get("q-aaaaaaaaaa")).isEmpty();
    assertThat(quarantine.get("'; DROP TABLE quarantine; --")).isEmpty();
  }

  @Test
  void rejectingRecordsNoApprovalAndTheRejectedEntryIsWhatOpenReturnsAfterwards() throws IOException {
    PackageRef ref = Samples.npm("evil", "1.0.0");
    String sha = Samples.sha256("evil");
    Analysis analysis = Samples.exfiltratingTarball(sha);
    QuarantineEntry entry = quarantine.open(ref, sha, analysis, HELD, "fp");

    ReviewOutcome outcome = quarantine.reject(entry.id(), "bob", "exfiltrates tokens", REVIEWED);

    assertThat(outcome.result()).isEqualTo(Result.DONE);
    assertThat(quarantine.approvalsFor(sha)).isEmpty();
    QuarantineEntry reopened = quarantine.open(ref, sha, analysis, HELD, "fp");
    assertThat(reopened.status()).isEqualTo(Status.REJECTED);
    assertThat(reopened.review().orElseThrow().reason()).isEqualTo("exfiltrates tokens");
  }

  @Test
  void entriesAreListedNewestFirstByStatusAPageAtATime() throws IOException {
    QuarantineEntry[] entries = new QuarantineEntry[5];
    for (int i = 0; i < entries.length; i++) {
      String sha = Samples.sha256("pkg" + i);
      entries[i] = quarantine.open(Samples.npm("pkg" + i, "1.0.0"), sha, Samples.exfiltratingTarball(sha), HELD, "fp");
    }
    quarantine.reject(entries[1].id(), "bob", "no", REVIEWED);
    quarantine.approve(entries[3].id(), "alice", "yes", REVIEWED);

    assertThat(quarantine.list(Status.PENDING, 2, 0)).extracting(QuarantineEntry::id)
        .containsExactly(entries[4].id(), entries[2].id());
    assertThat(quarantine.list(Status.PENDING, 2, 2)).extracting(QuarantineEntry::id)
        .containsExactly(entries[0].id());
    assertThat(quarantine.list(Status.APPROVED, 10, 0)).extracting(QuarantineEntry::id)
        .containsExactly(entries[3].id());
    assertThat(quarantine.list(10, 0)).hasSize(5);
    assertThat(quarantine.count(Status.REJECTED)).isEqualTo(1);
    assertThatThrownBy(() -> quarantine.list(Status.PENDING, 0, 0))
        .hasMessage("limit must be between 1 and 1000, was 0");
  }

  @Test
  void anIdAlreadyTakenByAnotherArtifactIsDrawnAgain() throws IOException {
    Quarantine first = new Quarantine(db, TestClock.ticking(START, Duration.ofMinutes(1)), new Random(7));
    Quarantine sameIds = new Quarantine(db, TestClock.ticking(START, Duration.ofMinutes(1)), new Random(7));
    String a = Samples.sha256("a");
    String b = Samples.sha256("b");

    QuarantineEntry entryA = first.open(Samples.npm("a", "1.0.0"), a, Samples.exfiltratingTarball(a), HELD, "fp");
    QuarantineEntry entryB = sameIds.open(Samples.npm("b", "1.0.0"), b, Samples.exfiltratingTarball(b), HELD, "fp");

    assertThat(entryB.id()).isNotEqualTo(entryA.id());
    assertThat(quarantine.get(entryA.id()).orElseThrow().ref().name()).isEqualTo("a");
    assertThat(quarantine.get(entryB.id()).orElseThrow().ref().name()).isEqualTo("b");
  }

  @Test
  void onlyAQuarantineVerdictOnTheSameBytesOpensAnEntry() {
    String sha = Samples.sha256("x");
    PackageRef ref = Samples.npm("x", "1.0.0");

    assertThatThrownBy(() -> quarantine.open(ref, sha, Samples.exfiltratingTarball(sha), Verdict.block("r", "x"), "fp"))
        .hasMessage("only a quarantine verdict opens an entry; npm x@1.0.0 x-1.0.0.tgz was BLOCK");
    assertThatThrownBy(() -> quarantine.open(ref, sha, Samples.exfiltratingTarball(Samples.sha256("y")), HELD, "fp"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("analysis of " + Samples.sha256("y"));
  }

  @Test
  void aReviewNeedsAReviewerAndABoundedReason() {
    assertThatThrownBy(() -> quarantine.approve("q-aaaaaaaaaa", "  ", "ok", REVIEWED))
        .hasMessage("a review names its reviewer");
    assertThatThrownBy(() -> quarantine.approve("q-aaaaaaaaaa", "alice", "x".repeat(2001), REVIEWED))
        .hasMessage("reason is 2001 characters, over 2000");
  }
}
