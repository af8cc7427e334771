package dev.gatehouse.analyzer.npm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.analyzer.CodeFinding;
import dev.gatehouse.analyzer.Finding;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.Trigger;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackumentHistoryTest {
  @TempDir Path tmp;

  private static final String PACKUMENT = """
      {"name": "fixture", "readme": "# a long readme that is skipped",
       "dist-tags": {"latest": "1.10.0"},
       "versions": {
         "1.0.0": {"version": "1.0.0", "dist": {"attestations": {"url": "https://registry.invalid/a"}}},
         "1.2.0": {"version": "1.2.0", "dist": {"attestations": {"url": "https://registry.invalid/b"}}},
         "1.9.0": {"version": "1.9.0", "dist": {"attestations": {"url": "https://registry.invalid/c"}}},
         "1.10.0": {"version": "1.10.0", "scripts": {"test": "jest", "postinstall": "node bundle.js"},
                    "dist": {"shasum": "x"}},
         "1.10.1-beta.1": {"version": "1.10.1-beta.1", "hasInstallScript": true}
       },
       "time": {"1.10.0": "2025-09-08T00:00:00Z"}}
      """;

  private static PackumentHistory history() throws IOException {
    return PackumentHistory.read(new ByteArrayInputStream(PACKUMENT.getBytes(StandardCharsets.UTF_8)), 1 << 20);
  }

  @Test
  void aVersionThatAddsAnInstallScriptItsPredecessorsLackedIsAFinding() throws Exception {
    List<Finding> findings = history().findings("1.10.0");
    assertThat(findings).hasSize(2);
    CodeFinding added = (CodeFinding) findings.get(0);
    assertThat(added.trigger()).isEqualTo(Trigger.VERSION_CHANGE);
    assertThat(added.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(added.summary()).isEqualTo(
        "1.10.0 adds an install script (postinstall: node bundle.js) that 1.9.0, 1.2.0 and 1.0.0 did not have");
    assertThat(added.evidence().location()).isEqualTo("versions[\"1.10.0\"].scripts.postinstall");
  }

  @Test
  void aVersionThatDropsTheProvenanceOfTheOneBeforeItIsAFinding() throws Exception {
    assertThat(history().findings("1.10.0")).element(1).satisfies(f -> assertThat(f.summary()).isEqualTo(
        "1.10.0 has no provenance attestation (dist.attestations); 1.9.0, the version before it, had one"));
  }

  @Test
  void predecessorsFollowSemverPrecedenceNotTextOrder() throws Exception {
    // "1.10.0" sorts before "1.9.0" as text; by semver 1.9.0 is its predecessor and 1.10.1-beta.1 follows it.
    assertThat(history().findings("1.10.1-beta.1")).isEmpty(); // 1.10.0 already had an install script
    assertThat(history().findings("1.9.0")).isEmpty();
  }

  @Test
  void theFirstVersionAndUnknownVersionsHaveNoHistoryFindings() throws Exception {
    assertThat(history().findings("1.0.0")).isEmpty();
    assertThat(history().findings("9.9.9")).isEmpty();
  }

  @Test
  void aParsedTreeAndAFileGiveTheSameFindingsAsAStream() throws Exception {
    Path file = Files.writeString(tmp.resolve("packument.json"), PACKUMENT);
    List<Finding> fromTree = PackumentHistory.of(new ObjectMapper().readTree(PACKUMENT)).findings("1.10.0");
    assertThat(fromTree).isEqualTo(history().findings("1.10.0"));
    assertThat(PackumentHistory.read(file, 1 << 20).findings("1.10.0")).isEqualTo(fromTree);
  }

  @Test
  void hasInstallScriptWithoutScriptTextCountsAsAnInstallScript() {
    PackumentHistory h = PackumentHistory.of(List.of(
        new PackumentHistory.VersionFacts("2.0.0", List.of(), false),
        new PackumentHistory.VersionFacts("2.0.1", List.of("install: (node-gyp or unlisted)"), false)));
    assertThat(h.findings("2.0.1")).singleElement()
        .satisfies(f -> assertThat(f.summary()).startsWith("2.0.1 adds an install script (install: (node-gyp"));
  }

  @Test
  void packumentLargerThanItsBoundIsRefusedWithTheBoundNamed() {
    assertThatThrownBy(() -> PackumentHistory.read(
        new ByteArrayInputStream(PACKUMENT.getBytes(StandardCharsets.UTF_8)), 100))
        .isInstanceOf(IOException.class).hasMessageContaining("100");
  }

  @Test
  void somethingThatIsNotAPackumentIsRefused() {
    assertThatThrownBy(() -> PackumentHistory.read(new ByteArrayInputStream("[1]".getBytes(StandardCharsets.UTF_8)), 100))
        .isInstanceOf(IOException.class).hasMessage("packument is not a JSON object");
  }

  @Test
  void semverOrdersPreReleasesBelowTheirRelease() {
    List<String> sorted = java.util.stream.Stream.of("1.0.0", "1.0.0-rc.1", "1.0.0-alpha", "1.0.0-alpha.10",
            "1.0.0-alpha.2", "0.9.9", "1.0.0-beta")
        .sorted((a, b) -> SemVer.parse(a).get().compareTo(SemVer.parse(b).get())).toList();
    assertThat(sorted).containsExactly("0.9.9", "1.0.0-alpha", "1.0.0-alpha.2", "1.0.0-alpha.10", "1.0.0-beta",
        "1.0.0-rc.1", "1.0.0");
    assertThat(SemVer.parse("not.a.version")).isEmpty();
  }

  private static PackumentHistory history(String... versions) throws IOException {
    String json = "{\"name\": \"x\", \"versions\": {" + String.join(", ", versions) + "}}";
    return PackumentHistory.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), 1 << 20);
  }

  private static String version(String v, String body) {
    return "\"%s\": {\"version\": \"%s\"%s}".formatted(v, v, body.isEmpty() ? "" : ", " + body);
  }

  @Test
  void anInstallScriptEveryRecentReleaseRanIsEstablishedAndAChangedOneIsNot() throws Exception {
    String hook = "\"scripts\": {\"postinstall\": \"node install.js\"}";
    PackumentHistory h = history(version("1.0.0", hook), version("1.0.1", hook), version("1.0.2", hook),
        version("1.0.3", hook), version("1.0.4", hook), version("1.0.5", hook),
        version("1.0.6", "\"scripts\": {\"postinstall\": \"node install.js --x\"}"));
    assertThat(h.established("1.0.5")).containsExactly("postinstall: node install.js");
    assertThat(h.established("1.0.4")).isEmpty(); // only four releases before it
    assertThat(h.established("1.0.6")).isEmpty();
  }

  @Test
  void aDependencyNewInAVersionIsLowAndOneFromGitIsMedium() throws Exception {
    String deps = "\"dependencies\": {\"a\": \"^1.0.0\"}";
    PackumentHistory h = history(version("2.0.0", deps), version("2.0.1", deps),
        version("2.0.2", "\"dependencies\": {\"a\": \"^1.0.0\", \"b\": \"^3.0.0\", \"c\": \"github:o/c\"}"));
    List<Finding> findings = h.findings("2.0.2");
    assertThat(findings).extracting(Finding::severity).containsExactly(Severity.LOW, Severity.MEDIUM);
    assertThat(findings.get(1).summary()).isEqualTo("new in 2.0.2: dependency c comes from a git repository"
        + " (`github:o/c`), which 2.0.1 and 2.0.0 did not use; its install scripts run unseen");
    assertThat(findings.get(1).evidence().location()).isEqualTo("versions[\"2.0.2\"].dependencies.c");
    assertThat(h.findings("2.0.1")).isEmpty();
  }

  @Test
  void specsThatAreNotTheRegistryAreRecognised() {
    assertThat(DependencySource.offRegistry("^1.2.3")).isEmpty();
    assertThat(DependencySource.offRegistry("npm:other@^2")).isEmpty();
    assertThat(DependencySource.offRegistry("latest")).isEmpty();
    assertThat(DependencySource.offRegistry("1.x || >=2.5.0 <3")).isEmpty();
    assertThat(DependencySource.offRegistry("owner/repo#v1")).contains("a git repository");
    assertThat(DependencySource.offRegistry("git+ssh://git@host.invalid/r.git")).contains("a git repository");
    assertThat(DependencySource.offRegistry("https://host.invalid/x.tgz")).contains("a URL");
    assertThat(DependencySource.offRegistry("file:../x")).contains("a path on the installing machine");
  }

  @Test
  void aDependencyFirstPublishedDaysBeforeTheVersionThatAddsItIsHigh() throws Exception {
    String deps = "\"dependencies\": {\"a\": \"^1.0.0\"}";
    PackumentHistory h = history(version("1.14.0", deps), version("1.14.1",
        "\"dependencies\": {\"a\": \"^1.0.0\", \"plain-crypto-js\": \"^4.2.1\", \"ms\": \"^2.1.3\"}"));
    java.time.Instant now = java.time.Instant.parse("2026-03-31T00:00:00Z");
    PackumentHistory.FirstPublished ages = name -> switch (name) {
      case "plain-crypto-js" -> java.util.Optional.of(java.time.Instant.parse("2026-03-30T12:00:00Z"));
      case "ms" -> java.util.Optional.of(java.time.Instant.parse("2011-12-21T00:00:00Z"));
      default -> java.util.Optional.empty();
    };
    List<Finding> findings = h.findings("1.14.1", ages, now);
    assertThat(findings).extracting(Finding::severity).containsExactly(Severity.LOW, Severity.HIGH);
    assertThat(findings.get(1).summary()).isEqualTo("new in 1.14.1: dependency plain-crypto-js (`^4.2.1`), which"
        + " 1.14.0 did not have, first published 2026-03-30T12:00:00Z, less than 7 days before");
  }

  @Test
  void aYoungDependencyFromThePackagesOwnRepositoryOwnerIsContextButAStrangersIsHigh() throws Exception {
    // onetime 7.0.0 added mimic-function, which its maintainer had published the day before; axios 1.14.1
    // added plain-crypto-js, a package from nobody the project knew.
    String repo = "\"repository\": {\"type\": \"git\", \"url\": \"git+https://github.com/sindresorhus/onetime.git\"}";
    PackumentHistory h = history(version("6.0.0", repo), version("7.0.0",
        repo + ", \"dependencies\": {\"mimic-function\": \"^5.0.0\", \"plain-crypto-js\": \"^4.2.1\"}"));
    java.time.Instant now = java.time.Instant.parse("2024-11-24T00:00:00Z");
    PackumentHistory.FirstPublished ages = new PackumentHistory.FirstPublished() {
      @Override
      public java.util.Optional<java.time.Instant> of(String name) {
        return java.util.Optional.of(java.time.Instant.parse("2024-11-22T23:13:32Z"));
      }

      @Override
      public java.util.Optional<String> repositoryOwner(String name) {
        return java.util.Optional.of(name.equals("mimic-function") ? "github.com/sindresorhus" : "github.com/someone");
      }
    };
    List<Finding> findings = h.findings("7.0.0", ages, now);
    assertThat(findings).extracting(Finding::severity).containsExactly(Severity.LOW, Severity.HIGH);
    assertThat(findings.get(1).summary()).contains("plain-crypto-js").doesNotContain("same source repository");
    assertThat(findings.get(0).summary()).contains("mimic-function")
        .endsWith("from the same source repository owner (github.com/sindresorhus) as this package");
  }

  @Test
  void aYoungDependencyKnownToRunNoInstallScriptIsContextAndOneThatDoesIsHigh() throws Exception {
    PackumentHistory h = history(version("1.14.0", ""), version("1.14.1",
        "\"dependencies\": {\"plain-crypto-js\": \"^4.2.1\", \"quiet-helper\": \"^1.0.0\"}"));
    java.time.Instant now = java.time.Instant.parse("2026-03-31T00:00:00Z");
    PackumentHistory.FirstPublished ages = new PackumentHistory.FirstPublished() {
      @Override
      public java.util.Optional<java.time.Instant> of(String name) {
        return java.util.Optional.of(java.time.Instant.parse("2026-03-30T12:00:00Z"));
      }

      @Override
      public java.util.Optional<Boolean> runsInstallScripts(String name) {
        return java.util.Optional.of(name.equals("plain-crypto-js"));
      }
    };
    List<Finding> findings = h.findings("1.14.1", ages, now);
    assertThat(findings).extracting(Finding::severity).containsExactly(Severity.HIGH, Severity.LOW);
    assertThat(findings.get(1).summary()).contains("quiet-helper", "runs no install script");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "\"sindresorhus/onetime\" | github.com/sindresorhus",
      "\"github:TooTallNate/proxy-agents\" | github.com/tootallnate",
      "{\"url\": \"git+https://github.com/vercel/next.js.git\"} | github.com/vercel",
      "{\"url\": \"git@gitlab.com:group/proj.git\"} | gitlab.com/group",
      "{\"url\": \"https://example.invalid\"} | ''",
      "42 | ''"})
  void theRepositoryOwnerIsReadFromEveryFormNpmAccepts(String repository, String owner) throws Exception {
    com.fasterxml.jackson.databind.JsonNode node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(repository);
    assertThat(RepositoryOwner.of(node).orElse("")).isEqualTo(owner);
  }

  @Test
  void aDependencyWhoseAgeCouldNotBeLookedUpSaysWhyAndStaysLow() throws Exception {
    String deps = "\"dependencies\": {\"a\": \"^1.0.0\"}";
    PackumentHistory h = history(version("1.14.0", deps), version("1.14.1",
        "\"dependencies\": {\"a\": \"^1.0.0\", \"plain-crypto-js\": \"^4.2.1\"}"));
    PackumentHistory.FirstPublished failing = new PackumentHistory.FirstPublished() {
      @Override
      public java.util.Optional<java.time.Instant> of(String name) {
        return java.util.Optional.empty();
      }

      @Override
      public java.util.Optional<String> unknownBecause(String name) {
        return java.util.Optional.of("its packument could not be fetched: upstream timed out");
      }
    };
    List<Finding> findings = h.findings("1.14.1", failing, java.time.Instant.parse("2026-03-31T00:00:00Z"));
    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.LOW);
      assertThat(f.summary()).isEqualTo("new in 1.14.1: dependency plain-crypto-js (`^4.2.1`), which 1.14.0 did not"
          + " have; its age is not known (its packument could not be fetched: upstream timed out), so it is rated"
          + " from this packument alone");
    });
  }

  @Test
  void anNpmAliasIsAgedByThePackageItInstallsAndASwappedAliasTargetIsNew() throws Exception {
    PackumentHistory h = history(version("2.0.0", "\"dependencies\": {\"lodash\": \"^4.17.21\"}"),
        version("2.0.1", "\"dependencies\": {\"lodash\": \"npm:plain-crypto-js@^4.2.1\"}"),
        version("2.0.2", "\"dependencies\": {\"lodash\": \"npm:plain-crypto-js@^4.2.2\"}"));
    java.time.Instant now = java.time.Instant.parse("2026-03-31T00:00:00Z");
    List<String> asked = new java.util.ArrayList<>();
    PackumentHistory.FirstPublished ages = name -> {
      asked.add(name);
      return java.util.Optional.of(now.minus(java.time.Duration.ofHours(5)));
    };
    assertThat(h.findings("2.0.1", ages, now)).singleElement()
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.HIGH));
    assertThat(asked).containsExactly("plain-crypto-js");
    assertThat(h.findings("2.0.2", ages, now)).isEmpty(); // the same package as 2.0.1, another range
    assertThat(DependencySource.registryName("x", "npm:@scope/pkg@1")).isEqualTo("@scope/pkg");
    assertThat(DependencySource.registryName("x", "npm:pkg")).isEqualTo("pkg");
    assertThat(DependencySource.registryName("x", "^1")).isEqualTo("x");
  }
}
