package dev.gatehouse.policy;

import static dev.gatehouse.analyzer.Severity.MEDIUM;
import static dev.gatehouse.policy.Findings.NOW;
import static dev.gatehouse.policy.Findings.analysis;
import static dev.gatehouse.policy.Findings.code;
import static dev.gatehouse.policy.Findings.maven;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.Analysis;
import dev.gatehouse.analyzer.Finding;
import dev.gatehouse.analyzer.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Expiring approvals, waivers by version range, and rejections, which beat both. */
class ReviewsTest {
  private static final PackageRef CODEGEN = maven("com.example:codegen", "2.4");
  private static final Finding PROCESSOR = code(Trigger.ANNOTATION_PROCESSOR, MEDIUM,
      "META-INF/services/javax.annotation.processing.Processor", "com.example.codegen.Processor");
  private static final Analysis ANALYSIS = analysis(PROCESSOR);
  private static final Instant LATER = NOW.plus(Duration.ofDays(7));

  private final Policy policy = Policy.defaults();

  private Verdict decide(PackageRef ref, Reviews reviews, Instant now) {
    return policy.decide(ref, ANALYSIS, PackageFacts.none(), reviews, now);
  }

  private static Approval approval(Optional<Instant> expiresAt) {
    return new Approval(ANALYSIS.sha256(), Policy.fingerprint(ANALYSIS), "alice", "checked", NOW.minusSeconds(60),
        expiresAt);
  }

  private static Waiver waiver(String range, Optional<Instant> expiresAt) {
    return new Waiver("w-1", Ecosystem.MAVEN, "com.example:codegen", VersionRange.parse(Ecosystem.MAVEN, range),
        "the team reviewed 2.x", "bob", NOW.minusSeconds(60), expiresAt);
  }

  private static final Rejection REJECTED = new Rejection(ANALYSIS.sha256(), "carol", "phones home", NOW);

  @Test
  void anApprovalLiftsTheQuarantineUntilItExpires() {
    Reviews reviews = Reviews.of(List.of(approval(Optional.of(LATER))));
    assertThat(decide(CODEGEN, reviews, NOW).rule()).isEqualTo(Policy.APPROVED_RULE);
    assertThat(reviews.changeAfter(NOW)).contains(LATER);
    assertThat(decide(CODEGEN, reviews, LATER).decision()).isEqualTo(Decision.QUARANTINE);
    assertThat(decide(CODEGEN, reviews, LATER).rule()).isEqualTo("build-time-code");
  }

  @Test
  void aWaiverServesTheQuarantinedVersionsInItsRangeUntilItExpires() {
    Reviews reviews = new Reviews(List.of(), List.of(), List.of(waiver("[2.0,3.0)", Optional.of(LATER))));
    Verdict waived = decide(CODEGEN, reviews, NOW);
    assertThat(waived.decision()).isEqualTo(Decision.ALLOW);
    assertThat(waived.rule()).isEqualTo(Policy.WAIVED_RULE);
    assertThat(waived.reasons().get(0)).isEqualTo("waived by bob (waiver w-1, versions [2.0,3.0), until "
        + LATER + "), lifting rule build-time-code: the team reviewed 2.x");
    assertThat(decide(maven("com.example:codegen", "3.0"), reviews, NOW).decision()).isEqualTo(Decision.QUARANTINE);
    assertThat(decide(maven("com.example:other", "2.4"), reviews, NOW).decision()).isEqualTo(Decision.QUARANTINE);
    assertThat(decide(CODEGEN, reviews, LATER).decision()).isEqualTo(Decision.QUARANTINE);
  }

  @Test
  void aRejectionBeatsAnApprovalAndAWaiver() {
    Reviews reviews = new Reviews(List.of(approval(Optional.empty())), List.of(REJECTED),
        List.of(waiver("*", Optional.empty())));
    Verdict verdict = decide(CODEGEN, reviews, NOW);
    assertThat(verdict.decision()).isEqualTo(Decision.BLOCK);
    assertThat(verdict.rule()).isEqualTo(Policy.REJECTED_RULE);
    assertThat(verdict.reasons()).containsExactly(
        "maven com.example:codegen:2.4 was rejected by carol at " + NOW + ": phones home");
  }

  @Test
  void aRejectionStandsWhenThePolicyWouldAllowTheBytes() {
    Analysis clean = Findings.analysisOf(ANALYSIS.sha256());
    Verdict verdict = policy.decide(CODEGEN, clean, PackageFacts.none(),
        new Reviews(List.of(), List.of(REJECTED), List.of()), NOW);
    assertThat(verdict.rule()).isEqualTo(Policy.REJECTED_RULE);
  }
}
