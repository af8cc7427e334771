package dev.gatehouse.policy.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.ArtifactKind;
import dev.gatehouse.analyzer.Trigger;
import dev.gatehouse.analyzer.npm.NpmFixture;
import dev.gatehouse.analyzer.npm.PackumentHistory;
import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageFacts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Versions judged on what they change, from the packument as the proxy and {@code scan --packument} read
 * it: a patch release that adds a dependency (axios 1.14.1, March 2026), takes one from git or a URL, or
 * adds an install hook; and the benign twin, a hook every recent release has had (bun, pnpm, yarn 1).
 */
class NpmDependencyChangeReplicasTest {
  @TempDir Path tmp;

  private static final List<String> EARLIER = List.of("1.13.0", "1.13.1", "1.13.2", "1.13.3", "1.13.4", "1.14.0");
  private static final String BASE_DEPS = "\"follow-redirects\": \"^1.15.6\", \"form-data\": \"^4.0.0\"";
  private static final String ATTESTED = "\"dist\": {\"attestations\": {\"url\": \"https://registry.invalid/att\"}}";

  /** A packument whose earlier versions have {@code earlier} fields and whose 1.14.1 has {@code latest}. */
  private static PackumentHistory packument(String earlier, String latest) throws IOException {
    List<String> versions = new ArrayList<>();
    for (String v : EARLIER) {
      versions.add("\"%s\": {\"version\": \"%s\", %s}".formatted(v, v, earlier));
    }
    versions.add("\"1.14.1\": {\"version\": \"1.14.1\", %s}".formatted(latest));
    String json = "{\"name\": \"fixture\", \"versions\": {" + String.join(", ", versions) + "}}";
    return PackumentHistory.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), 1 << 20);
  }

  private Replica judge(NpmFixture tarball, PackumentHistory history) throws IOException {
    PackageFacts facts = new PackageFacts(Optional.empty(), history.findings("1.14.1"), history.established("1.14.1"));
    return Replica.judge(tarball.tarball(tmp, "fixture-1.14.1.tgz"), ArtifactKind.NPM_TARBALL, Ecosystem.NPM,
        "fixture", "1.14.1", facts);
  }

  private static NpmFixture library(String dependencies, String scripts) {
    return NpmFixture.rooted("package/", "{\"name\": \"fixture\", \"version\": \"1.14.1\", \"main\": \"index.js\","
        + " \"dependencies\": {" + dependencies + "}, \"scripts\": {" + scripts + "}}")
        .file("index.js", "module.exports = function get(url) { return url; };\n");
  }

  static Stream<Named<String[]>> changes() {
    return Stream.of(
        Named.of("fresh registry dependency in a release that lost its provenance (axios 1.14.1)", new String[] {
            BASE_DEPS + ", \"plain-crypto-js\": \"^4.2.1\"", "", "dependency plain-crypto-js"}),
        Named.of("dependency newly taken from a URL", new String[] {
            BASE_DEPS + ", \"ui-kit\": \"http://packages.example.invalid/ui-kit.tgz\"", ATTESTED, "a URL"}),
        Named.of("dependency newly taken from git", new String[] {
            BASE_DEPS + ", \"router\": \"github:someone/router#main\"", ATTESTED, "a git repository"}),
        Named.of("existing dependency switched to a git fork", new String[] {
            "\"follow-redirects\": \"git+https://git.example.invalid/fr.git\", \"form-data\": \"^4.0.0\"", ATTESTED,
            "a git repository"}));
  }

  @ParameterizedTest(name = "dependency change in a patch release: {0}")
  @MethodSource("changes")
  void patchReleaseThatChangesItsDependenciesSoIsHeldAndSaysWhatIsNew(String[] change) throws IOException {
    PackumentHistory history = packument("\"dependencies\": {" + BASE_DEPS + "}, " + ATTESTED,
        "\"dependencies\": {" + change[0] + "}" + (change[1].isEmpty() ? "" : ", " + change[1]));
    assertThat(history.findings("1.14.1")).anySatisfy(f -> {
      assertThat(f.summary()).startsWith("new in 1.14.1: dependency").contains(change[2]);
    });
    String deps = change[0];
    Replica replica = judge(library(deps, ""), history);
    assertThat(replica.verdict().decision()).as("%s", replica).isEqualTo(Decision.QUARANTINE);
  }

  @Test
  void registryDependencyFirstPublishedTheDayBeforeIsHeldEvenWithProvenanceIntact() throws IOException {
    String deps = BASE_DEPS + ", \"plain-crypto-js\": \"^4.2.1\"";
    PackumentHistory history = packument("\"dependencies\": {" + BASE_DEPS + "}, " + ATTESTED,
        "\"dependencies\": {" + deps + "}, " + ATTESTED);
    Instant published = Instant.parse("2026-03-31T00:21:00Z");
    PackumentHistory.FirstPublished ages = name -> name.equals("plain-crypto-js")
        ? Optional.of(published.minus(Duration.ofHours(18))) : Optional.of(Instant.parse("2015-01-01T00:00:00Z"));
    PackageFacts facts = new PackageFacts(Optional.of(published), history.findings("1.14.1", ages, published),
        history.established("1.14.1"));
    Replica replica = Replica.judge(library(deps, "").tarball(tmp, "fixture-1.14.1.tgz"), ArtifactKind.NPM_TARBALL,
        Ecosystem.NPM, "fixture", "1.14.1", facts);
    assertThat(replica.verdict().decision()).as("%s", replica).isEqualTo(Decision.QUARANTINE);
    assertThat(replica.verdict().rule()).isEqualTo("version-change");
    assertThat(replica.verdict().reasons()).anySatisfy(r -> assertThat(r).contains("plain-crypto-js", "less than 7 days"));
    // the same dependency, years old, is context only
    PackumentHistory.FirstPublished old = name -> Optional.of(Instant.parse("2015-01-01T00:00:00Z"));
    PackageFacts settled = new PackageFacts(Optional.of(published), history.findings("1.14.1", old, published), List.of());
    assertThat(Replica.judge(library(deps, "").tarball(tmp, "again-1.14.1.tgz"), ArtifactKind.NPM_TARBALL,
        Ecosystem.NPM, "fixture", "1.14.1", settled).verdict().decision()).isEqualTo(Decision.ALLOW);
  }

  @Test
  void newRegistryDependencyAloneIsContextNotAHold() throws IOException {
    PackumentHistory history = packument("\"dependencies\": {" + BASE_DEPS + "}",
        "\"dependencies\": {" + BASE_DEPS + ", \"ms\": \"^2.1.3\"}");
    assertThat(history.findings("1.14.1")).singleElement().satisfies(f -> assertThat(f.summary()).isEqualTo(
        "new in 1.14.1: dependency ms (`^2.1.3`), which 1.14.0, 1.13.4 and 1.13.3 did not have; its age and install"
            + " scripts are not known from this packument"));
    judge(library(BASE_DEPS + ", \"ms\": \"^2.1.3\"", ""), history).isAllowed();
  }

  private static NpmFixture downloader(String scripts) {
    return NpmFixture.rooted("package/", "{\"name\": \"fixture\", \"version\": \"1.14.1\", \"scripts\": {"
        + scripts + "}}")
        .file("install.js", "const https = require('https'); const fs = require('fs');\n"
            + "https.get('https://downloads.example.invalid/tool-linux-x64.zip', res => res.pipe("
            + "fs.createWriteStream(require('path').join(__dirname, 'tool.zip'))));\n");
  }

  @Test
  void hookEveryRecentReleaseRanIsEstablishedAndAllowedLikeBunAndPnpm() throws IOException {
    String hook = "\"scripts\": {\"postinstall\": \"node install.js\"}";
    PackumentHistory history = packument(hook, hook);
    assertThat(history.established("1.14.1")).containsExactly("postinstall: node install.js");
    Replica replica = judge(downloader("\"postinstall\": \"node install.js\""), history).isAllowed();
    assertThat(replica.verdict().rule()).isEqualTo("established-behaviour");
    // The same tarball judged without its history is held, as `gatehouse scan` without --packument does.
    assertThat(Replica.judge(downloader("\"postinstall\": \"node install.js\"").tarball(tmp, "again-1.14.1.tgz"),
        ArtifactKind.NPM_TARBALL, Ecosystem.NPM, "fixture", "1.14.1").verdict().rule()).isEqualTo("install-time-code");
  }

  static Stream<Named<String[]>> newHooks() {
    return Stream.of(
        Named.of("postinstall added in a patch release", new String[] {"", "\"postinstall\": \"node install.js\""}),
        Named.of("preinstall added beside an old test script", new String[] {"\"scripts\": {\"test\": \"jest\"}",
            "\"preinstall\": \"node install.js\", \"test\": \"jest\""}),
        Named.of("hook command changed from the earlier releases", new String[] {
            "\"scripts\": {\"postinstall\": \"node install.js\"}", "\"postinstall\": \"node install.js --fetch\""}));
  }

  @ParameterizedTest(name = "install hook new in a patch release: {0}")
  @MethodSource("newHooks")
  void sameBehaviourAppearingNewlyInAPatchReleaseIsHeld(String[] hooks) throws IOException {
    PackumentHistory history = packument(hooks[0].isEmpty() ? "\"x\": 1" : hooks[0], "\"scripts\": {" + hooks[1] + "}");
    assertThat(history.established("1.14.1")).isEmpty();
    Replica replica = judge(downloader(hooks[1]), history);
    assertThat(replica.verdict().decision()).as("%s", replica).isEqualTo(Decision.QUARANTINE);
    assertThat(replica.findings()).anySatisfy(f -> assertThat(f.trigger()).isEqualTo(Trigger.NPM_LIFECYCLE_SCRIPT));
  }
}
