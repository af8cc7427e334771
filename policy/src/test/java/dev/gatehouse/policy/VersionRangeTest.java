package dev.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Version ranges as npm, Maven and pip write and read them. */
class VersionRangeTest {
  private static boolean npm(String range, String version) {
    return VersionRange.parse(Ecosystem.NPM, range).contains(version);
  }

  private static boolean maven(String range, String version) {
    return VersionRange.parse(Ecosystem.MAVEN, range).contains(version);
  }

  private static boolean pypi(String range, String version) {
    return VersionRange.parse(Ecosystem.PYPI, range).contains(version);
  }

  @Test
  void npmRangesMatchAsNodeSemverDoes() {
    assertThat(npm("^4.2.0", "4.9.1")).isTrue();
    assertThat(npm("^4.2.0", "5.0.0")).isFalse();
    assertThat(npm("^4.2.0", "4.1.9")).isFalse();
    assertThat(npm("^0.2.3", "0.2.9")).isTrue();
    assertThat(npm("^0.2.3", "0.3.0")).isFalse();
    assertThat(npm("~1.2.3", "1.2.9")).isTrue();
    assertThat(npm("~1.2.3", "1.3.0")).isFalse();
    assertThat(npm(">=1.0.0 <2.0.0 || 3.x", "1.5.0")).isTrue();
    assertThat(npm(">=1.0.0 <2.0.0 || 3.x", "3.7.1")).isTrue();
    assertThat(npm(">=1.0.0 <2.0.0 || 3.x", "2.0.0")).isFalse();
    assertThat(npm("1.2.3 - 1.4", "1.4.9")).isTrue();
    assertThat(npm("1.2.3 - 1.4", "1.5.0")).isFalse();
    assertThat(npm("5.6.1", "5.6.1")).isTrue();
    assertThat(npm("5.6.1", "5.6.2")).isFalse();
    assertThat(npm("*", "0.0.1-alpha")).isTrue();
  }

  @Test
  void anNpmPrereleaseMatchesOnlyARangeNamingAPrereleaseOfTheSameVersion() {
    assertThat(npm("^4.2.0", "4.3.0-beta.1")).isFalse();
    assertThat(npm(">=4.3.0-beta.0 <5", "4.3.0-beta.1")).isTrue();
    assertThat(npm(">=4.3.0-beta.2 <5", "4.3.0-beta.1")).isFalse();
  }

  @Test
  void mavenRangesMatchAsMavenComparesVersions() {
    assertThat(maven("[1.0,2.0)", "1.5")).isTrue();
    assertThat(maven("[1.0,2.0)", "2.0")).isFalse();
    assertThat(maven("[1.0,2.0)", "2.0-rc1")).isTrue();
    assertThat(maven("(,1.5]", "1.5.0")).isTrue();
    assertThat(maven("(,1.5]", "1.5.1")).isFalse();
    assertThat(maven("[1.2]", "1.2")).isTrue();
    assertThat(maven("[1.0,1.1),[2.0,)", "2.7")).isTrue();
    assertThat(maven("[1.0,1.1),[2.0,)", "1.5")).isFalse();
    assertThat(maven("2.17.1", "2.17.1")).isTrue();
    assertThat(maven("2.17.1", "2.17.2")).isFalse();
    assertThat(maven("[1.0-alpha,1.0)", "1.0-SNAPSHOT")).isTrue();
    assertThat(maven("[1.0,)", "1.0-SNAPSHOT")).isFalse();
  }

  @Test
  void pep440SpecifiersMatchAsPipDoes() {
    assertThat(pypi(">=1.4,<2", "1.82.8")).isTrue();
    assertThat(pypi(">=1.4,<2", "2.0")).isFalse();
    assertThat(pypi("==1.82.*", "1.82.8")).isTrue();
    assertThat(pypi("==1.82.*", "1.83")).isFalse();
    assertThat(pypi("~=2.2", "2.9")).isTrue();
    assertThat(pypi("~=2.2", "3.0")).isFalse();
    assertThat(pypi("~=2.2.1", "2.2.5")).isTrue();
    assertThat(pypi("~=2.2.1", "2.3.0")).isFalse();
    assertThat(pypi("!=1.3.1", "1.3.1")).isFalse();
    assertThat(pypi("==1.0", "1.0.0")).isTrue();
    assertThat(pypi("<1.0", "1.0rc1")).isTrue();
    assertThat(pypi(">1.0", "1.0.post1")).isTrue();
    assertThat(pypi("<1.0a1", "1.0.dev3")).isTrue();
  }

  @Test
  void unreadableRangesAreRefusedWithASentence() {
    assertThatThrownBy(() -> VersionRange.parse(Ecosystem.PYPI, "1.2"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read the PEP 440 specifier \"1.2\"");
    assertThatThrownBy(() -> VersionRange.parse(Ecosystem.MAVEN, "[1.0,2.0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read the Maven version range");
    assertThatThrownBy(() -> VersionRange.parse(Ecosystem.NPM, ">=1.0.0 <<2"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read the npm version range");
    assertThatThrownBy(() -> VersionRange.parse(Ecosystem.NPM, " "))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("the version range is empty; use * for every version");
  }

  @Test
  void aVersionTheEcosystemCannotReadIsInNoRangeButStar() {
    assertThat(npm(">=1.0.0", "not-a-version")).isFalse();
    assertThat(npm("*", "not-a-version")).isTrue();
  }
}
