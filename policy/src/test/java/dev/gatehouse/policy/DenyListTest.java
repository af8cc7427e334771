package dev.gatehouse.policy;

import static dev.gatehouse.policy.Findings.NOW;
import static dev.gatehouse.policy.Findings.analysis;
import static dev.gatehouse.policy.Findings.maven;
import static dev.gatehouse.policy.Findings.npm;
import static dev.gatehouse.policy.Findings.pypi;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.Analysis;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The deny list refuses named packages and versions at once, before any download, for incidents. */
class DenyListTest {
  private final Policy policy = Policy.parse("policy.yml", """
      deny:
        - { ecosystem: npm, name: ua-parser-js, versions: ["0.7.29", "0.8.0", "1.0.0"], reason: "hijacked, GHSA-pjwm-rvh2-c87w" }
        - { ecosystem: npm, name: "@evil-scope/*" }
        - { ecosystem: pypi, name: LiteLLM, versions: ["1.82.7", "1.82.8"] }
        - { ecosystem: maven, name: "org.example:beacon" }
      """);

  @Test
  void deniedVersionIsBlockedBeforeDownloadWithTheOperatorsReason() {
    assertThat(policy.beforeDownload(npm("ua-parser-js", "0.7.29"), PackageFacts.none(), NOW))
        .contains(Verdict.block("deny", "npm ua-parser-js@0.7.29 is on the deny list: hijacked, GHSA-pjwm-rvh2-c87w"));
  }

  @Test
  void otherVersionsOfADeniedPackageAreNotDenied() {
    assertThat(policy.beforeDownload(npm("ua-parser-js", "0.7.30"), PackageFacts.none(), NOW)).isEmpty();
    assertThat(policy.denies(Ecosystem.NPM, "ua-parser-js", "0.7.30")).isFalse();
    assertThat(policy.denies(Ecosystem.NPM, "ua-parser-js", "1.0.0")).isTrue();
  }

  @Test
  void entryWithoutVersionsDeniesEveryVersion() {
    assertThat(policy.denies(Ecosystem.MAVEN, "org.example:beacon", "1.0")).isTrue();
    assertThat(policy.denies(Ecosystem.MAVEN, "org.example:beacon", "99.0-SNAPSHOT")).isTrue();
    assertThat(policy.beforeDownload(maven("org.example:beacon", "2.1"), PackageFacts.none(), NOW))
        .contains(Verdict.block("deny", "maven org.example:beacon:2.1 is on the deny list"));
  }

  @Test
  void scopeGlobDeniesEveryPackageOfTheScope() {
    assertThat(policy.denies(Ecosystem.NPM, "@evil-scope/anything", "1.0.0")).isTrue();
    assertThat(policy.denies(Ecosystem.NPM, "@evil-scope-not/anything", "1.0.0")).isFalse();
  }

  @Test
  void pypiDenyEntriesMatchNormalizedNames() {
    assertThat(policy.denies(Ecosystem.PYPI, "litellm", "1.82.8")).isTrue();
    assertThat(policy.beforeDownload(pypi("litellm", "1.82.7"), PackageFacts.none(), NOW))
        .contains(Verdict.block("deny", "pypi litellm@1.82.7 is on the deny list"));
    assertThat(policy.denies(Ecosystem.PYPI, "litellm", "1.82.6")).isFalse();
  }

  @Test
  void denyEntryOfOneEcosystemDoesNotDenyTheSameNameInAnother() {
    assertThat(policy.denies(Ecosystem.PYPI, "ua-parser-js", "0.7.29")).isFalse();
  }

  @Test
  void deniedArtifactIsBlockedWhateverItsAnalysisAndApprovals() {
    Analysis clean = analysis();
    Approval approval = new Approval(clean.sha256(), Policy.fingerprint(clean), "alice", "looks fine", NOW);
    Verdict verdict = policy.decide(npm("ua-parser-js", "1.0.0"), clean, PackageFacts.none(), List.of(approval), NOW);
    assertThat(verdict.decision()).isEqualTo(Decision.BLOCK);
    assertThat(verdict.rule()).isEqualTo("deny");
  }

  @Test
  void defaultDenyListIsEmpty() {
    assertThat(Policy.defaults().beforeDownload(npm("ua-parser-js", "0.7.29"), PackageFacts.none(), NOW))
        .isEqualTo(Optional.empty());
  }
}
