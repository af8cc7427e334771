package dev.gatehouse.policy;

import static dev.gatehouse.analyzer.Capability.CREDENTIAL_READ;
import static dev.gatehouse.analyzer.Capability.NETWORK;
import static dev.gatehouse.analyzer.Capability.PROCESS_SPAWN;
import static dev.gatehouse.analyzer.Severity.CRITICAL;
import static dev.gatehouse.analyzer.Severity.MEDIUM;
import static dev.gatehouse.policy.Findings.NOW;
import static dev.gatehouse.policy.Findings.OTHER_SHA;
import static dev.gatehouse.policy.Findings.SHA;
import static dev.gatehouse.policy.Findings.analysis;
import static dev.gatehouse.policy.Findings.analysisOf;
import static dev.gatehouse.policy.Findings.code;
import static dev.gatehouse.policy.Findings.maven;
import static dev.gatehouse.policy.Findings.npm;
import static dev.gatehouse.policy.Findings.npmScript;
import static dev.gatehouse.policy.Findings.staticInitializer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.Analysis;
import dev.gatehouse.analyzer.Finding;
import dev.gatehouse.analyzer.Trigger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Approvals lift a quarantine of exactly the bytes and findings that were reviewed, and never a block. */
class ApprovalTest {
  /** An annotation processor from a group the default policy does not trust. */
  private static final PackageRef CODEGEN = maven("com.example:codegen", "2.0");
  private static final Finding PROCESSOR = code(Trigger.ANNOTATION_PROCESSOR, MEDIUM,
      "META-INF/services/javax.annotation.processing.Processor", "com.example.codegen.Processor");
  private static final Instant MONDAY = Instant.parse("2026-03-09T09:00:00Z");

  private final Policy policy = Policy.defaults();

  private Verdict decide(Analysis analysis, Approval... approvals) {
    return policy.decide(CODEGEN, analysis, PackageFacts.none(), List.of(approvals), NOW);
  }

  private static Approval approvalOf(Analysis analysis, String reviewer, Instant at) {
    return new Approval(analysis.sha256(), Policy.fingerprint(analysis), reviewer, "reviewed the processor", at);
  }

  @Test
  void approvalBoundToTheBytesAndFindingsLiftsTheQuarantineAndNamesTheReviewer() {
    Analysis analysis = analysis(PROCESSOR);
    Verdict quarantined = decide(analysis);
    Verdict verdict = decide(analysis, approvalOf(analysis, "alice", MONDAY));
    assertThat(verdict.decision()).isEqualTo(Decision.ALLOW);
    assertThat(verdict.rule()).isEqualTo("approved");
    assertThat(verdict.reasons()).containsExactly(
        "approved by alice at 2026-03-09T09:00:00Z, lifting rule build-time-code: reviewed the processor",
        quarantined.reasons().get(0));
  }

  @Test
  void approvalOfOtherBytesDoesNotApply() {
    Analysis reviewed = analysis(PROCESSOR);
    Analysis republished = analysisOf(OTHER_SHA, PROCESSOR);
    assertThat(decide(republished, approvalOf(reviewed, "alice", MONDAY)).rule()).isEqualTo("build-time-code");
  }

  @Test
  void aNewFindingSendsTheArtifactBackToReview() {
    Analysis reviewed = analysis(PROCESSOR);
    Analysis reanalyzed = analysis(PROCESSOR, staticInitializer("com.example.codegen.Launcher", MEDIUM, PROCESS_SPAWN));
    assertThat(reanalyzed.sha256()).isEqualTo(reviewed.sha256());
    Verdict verdict = decide(reanalyzed, approvalOf(reviewed, "alice", MONDAY));
    assertThat(verdict.decision()).isEqualTo(Decision.QUARANTINE);
    assertThat(verdict.rule()).isEqualTo("build-time-code");
  }

  @Test
  void anApprovalNeverLiftsABlock() {
    Analysis hostile = analysis(PROCESSOR, staticInitializer("com.example.codegen.Beacon", CRITICAL, CREDENTIAL_READ, NETWORK));
    Verdict verdict = decide(hostile, approvalOf(hostile, "alice", MONDAY));
    assertThat(verdict.decision()).isEqualTo(Decision.BLOCK);
    assertThat(verdict.rule()).isEqualTo("exfiltration");
  }

  @Test
  void approvalMayBeGivenWithAnUppercaseDigest() {
    Analysis analysis = analysis(PROCESSOR);
    Approval upper = new Approval(SHA.toUpperCase(java.util.Locale.ROOT), Policy.fingerprint(analysis), "bob", "ok", MONDAY);
    assertThat(decide(analysis, upper).rule()).isEqualTo("approved");
  }

  @Test
  void theLatestOfSeveralApprovalsIsNamedWhateverTheirOrder() {
    Analysis analysis = analysis(PROCESSOR);
    Approval early = approvalOf(analysis, "alice", MONDAY);
    Approval late = approvalOf(analysis, "bob", MONDAY.plusSeconds(3600));
    Verdict forwards = decide(analysis, early, late);
    assertThat(forwards).isEqualTo(decide(analysis, late, early));
    assertThat(forwards.reasons().get(0)).startsWith("approved by bob at 2026-03-09T10:00:00Z");
  }

  @Test
  void approvalLiftsACooldownQuarantineOfTheReviewedBytes() {
    Policy cooling = Policy.parse("policy.yml", "cooldown: { minimum-age: 7d }");
    Analysis clean = analysis();
    PackageFacts young = PackageFacts.publishedAt(NOW.minusSeconds(3600));
    assertThat(cooling.decide(npm("x", "1.0.0"), clean, young, List.of(), NOW).rule()).isEqualTo("cooldown");
    Verdict verdict = cooling.decide(npm("x", "1.0.0"), clean, young, List.of(approvalOf(clean, "alice", MONDAY)), NOW);
    assertThat(verdict.rule()).isEqualTo("approved");
  }

  @Test
  void fingerprintDependsOnTheSetOfFindingsNotTheirOrder() {
    Finding a = npmScript("postinstall", MEDIUM, PROCESS_SPAWN);
    Finding b = staticInitializer("x.A", MEDIUM, PROCESS_SPAWN);
    assertThat(Policy.fingerprint(analysis(a, b))).isEqualTo(Policy.fingerprint(analysis(b, a)))
        .matches("[0-9a-f]{64}");
    assertThat(Policy.fingerprint(analysis(a))).isNotEqualTo(Policy.fingerprint(analysis(a, b)));
    assertThat(Policy.fingerprint(analysis())).isNotEqualTo(Policy.fingerprint(analysis(a)));
  }

  @Test
  void approvalDoesNotMatterForAnAllowedArtifact() {
    Analysis clean = analysis();
    assertThat(policy.decide(npm("x", "1.0.0"), clean, PackageFacts.none(), List.of(approvalOf(clean, "alice", MONDAY)), NOW))
        .isEqualTo(Verdict.allow("no-blocking-findings"));
    assertThat(policy.beforeDownload(npm("x", "1.0.0"), PackageFacts.none(), NOW)).isEqualTo(Optional.empty());
  }
}
