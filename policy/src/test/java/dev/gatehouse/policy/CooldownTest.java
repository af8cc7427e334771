package dev.gatehouse.policy;

import static dev.gatehouse.analyzer.Capability.CREDENTIAL_READ;
import static dev.gatehouse.analyzer.Capability.NETWORK;
import static dev.gatehouse.analyzer.Capability.PROCESS_SPAWN;
import static dev.gatehouse.analyzer.Severity.CRITICAL;
import static dev.gatehouse.analyzer.Severity.MEDIUM;
import static dev.gatehouse.policy.Findings.NOW;
import static dev.gatehouse.policy.Findings.analysis;
import static dev.gatehouse.policy.Findings.npm;
import static dev.gatehouse.policy.Findings.npmScript;
import static dev.gatehouse.policy.Findings.staticInitializer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A version younger than the minimum release age is held back unless an exception names it. */
class CooldownTest {
  private final Policy policy = Policy.parse("policy.yml", """
      cooldown:
        minimum-age: 3d
        exceptions:
          - { ecosystem: npm, name: urgent-fix, version: "2.0.1" }
      """);

  private static PackageFacts publishedAgo(Duration age) {
    return PackageFacts.publishedAt(NOW.minus(age));
  }

  @Test
  void youngVersionIsQuarantinedBeforeDownloadWithTheMomentItWillBeServed() {
    assertThat(policy.beforeDownload(npm("x", "1.0.0"), publishedAgo(Duration.ofHours(1)), NOW))
        .contains(Verdict.quarantine("cooldown", "npm x@1.0.0 was published at 2026-03-10T11:00:00Z (1h ago);"
            + " cooldown.minimum-age is 3d, so it is served from 2026-03-13T11:00:00Z"));
  }

  @Test
  void versionExactlyAsOldAsTheMinimumAgeIsServed() {
    assertThat(policy.beforeDownload(npm("x", "1.0.0"), publishedAgo(Duration.ofDays(3)), NOW)).isEmpty();
    assertThat(policy.beforeDownload(npm("x", "1.0.0"), publishedAgo(Duration.ofDays(3).minusSeconds(1)), NOW))
        .isPresent();
  }

  @Test
  void exceptionAdmitsExactlyTheVersionItNames() {
    PackageFacts young = publishedAgo(Duration.ofMinutes(5));
    assertThat(policy.beforeDownload(npm("urgent-fix", "2.0.1"), young, NOW)).isEmpty();
    assertThat(policy.beforeDownload(npm("urgent-fix", "2.0.2"), young, NOW)).isPresent();
    assertThat(policy.cooldownAdmits(Ecosystem.NPM, "urgent-fix", "2.0.1", NOW, NOW)).isTrue();
    assertThat(policy.cooldownAdmits(Ecosystem.PYPI, "urgent-fix", "2.0.1", NOW, NOW)).isFalse();
  }

  @Test
  void unknownPublicationTimeLeavesTheDecisionToTheAnalysis() {
    assertThat(policy.beforeDownload(npm("x", "1.0.0"), PackageFacts.none(), NOW)).isEmpty();
    assertThat(policy.decide(npm("x", "1.0.0"), analysis(), PackageFacts.none(), List.of(), NOW))
        .isEqualTo(Verdict.allow("no-blocking-findings"));
  }

  @Test
  void versionPublishedAfterNowIsHeldBack() {
    Instant future = NOW.plusSeconds(600);
    assertThat(policy.beforeDownload(npm("x", "1.0.0"), PackageFacts.publishedAt(future), NOW))
        .contains(Verdict.quarantine("cooldown", "npm x@1.0.0 was published at 2026-03-10T12:10:00Z, later than now;"
            + " cooldown.minimum-age is 3d, so it is served from 2026-03-13T12:10:00Z"));
  }

  @Test
  void metadataFilteringAsksTheSameQuestion() {
    assertThat(policy.minimumAge()).isEqualTo(Duration.ofDays(3));
    assertThat(policy.cooldownAdmits(Ecosystem.NPM, "x", "1.0.0", NOW.minus(Duration.ofDays(4)), NOW)).isTrue();
    assertThat(policy.cooldownAdmits(Ecosystem.NPM, "x", "1.0.0", NOW.minus(Duration.ofDays(2)), NOW)).isFalse();
  }

  @Test
  void decideQuarantinesACleanYoungVersionByTheCooldown() {
    Verdict verdict = policy.decide(npm("x", "1.0.0"), analysis(), publishedAgo(Duration.ofHours(30)), List.of(), NOW);
    assertThat(verdict.decision()).isEqualTo(Decision.QUARANTINE);
    assertThat(verdict.rule()).isEqualTo("cooldown");
    assertThat(verdict.reasons()).containsExactly("npm x@1.0.0 was published at 2026-03-09T06:00:00Z (1d6h ago);"
        + " cooldown.minimum-age is 3d, so it is served from 2026-03-12T06:00:00Z");
  }

  @Test
  void quarantineRulesComeBeforeTheCooldownAndBlocksOverrideIt() {
    PackageFacts young = publishedAgo(Duration.ofHours(1));
    Verdict quarantine = policy.decide(npm("x", "1.0.0"), analysis(npmScript("postinstall", MEDIUM, PROCESS_SPAWN)),
        young, List.of(), NOW);
    assertThat(quarantine.rule()).isEqualTo("install-time-code");
    assertThat(quarantine.reasons()).hasSize(2);
    assertThat(quarantine.reasons().get(1)).startsWith("npm x@1.0.0 was published");

    Verdict block = policy.decide(npm("x", "1.0.0"),
        analysis(staticInitializer("x.Beacon", CRITICAL, CREDENTIAL_READ, NETWORK)), young, List.of(), NOW);
    assertThat(block.rule()).isEqualTo("exfiltration");
    assertThat(block.reasons()).hasSize(1);
  }

  @Test
  void defaultCooldownIsOff() {
    Policy defaults = Policy.defaults();
    assertThat(defaults.minimumAge()).isEqualTo(Duration.ZERO);
    assertThat(defaults.beforeDownload(npm("x", "1.0.0"), PackageFacts.publishedAt(NOW), NOW)).isEmpty();
  }

  @Test
  void minimumAgeCombinesUnits() {
    assertThat(Policy.parse("policy.yml", "cooldown: { minimum-age: 1d12h }").minimumAge()).isEqualTo(Duration.ofHours(36));
    assertThat(Policy.parse("policy.yml", "cooldown: { minimum-age: 90m }").minimumAge()).isEqualTo(Duration.ofMinutes(90));
    assertThat(Policy.parse("policy.yml", "cooldown: { minimum-age: 0 }").minimumAge()).isEqualTo(Duration.ZERO);
  }

  @Test
  void newDependencyAgeIsSevenDaysByDefaultAndAPolicyFileReplacesIt() {
    Policy defaults = Policy.defaults();
    Policy longer = Policy.parse("policy.yml", "cooldown: { new-dependency-age: 1d12h }");
    assertThat(defaults.newDependencyAge()).isEqualTo(Duration.ofDays(7));
    assertThat(Policy.parse("policy.yml", "extends: none").newDependencyAge()).isEqualTo(Duration.ofDays(7));
    assertThat(longer.newDependencyAge()).isEqualTo(Duration.ofHours(36));
    assertThat(longer.minimumAge()).isEqualTo(Duration.ZERO);
    // a changed value is part of the policy's version; the default adds nothing to it
    assertThat(longer.version()).isNotEqualTo(defaults.version());
    assertThat(Policy.parse("policy.yml", "cooldown: { new-dependency-age: 7d }").version())
        .isEqualTo(defaults.version());
  }

  @Test
  void newDependencyAgeOutOfBoundsIsAnErrorNamingTheKey() {
    assertThatThrownBy(() -> Policy.parse("policy.yml", "cooldown: { new-dependency-age: 400d }"))
        .hasMessageContaining("new-dependency-age").hasMessageContaining("365d");
    assertThatThrownBy(() -> Policy.parse("policy.yml", "cooldown: { new-dependency-age: soon }"))
        .hasMessageContaining("new-dependency-age").hasMessageContaining("not a duration");
  }
}
