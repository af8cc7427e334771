package dev.gatehouse.policy;

import static dev.gatehouse.analyzer.Capability.CREDENTIAL_READ;
import static dev.gatehouse.analyzer.Capability.NETWORK;
import static dev.gatehouse.analyzer.Capability.OBFUSCATION;
import static dev.gatehouse.analyzer.Capability.PROCESS_SPAWN;
import static dev.gatehouse.analyzer.Severity.CRITICAL;
import static dev.gatehouse.analyzer.Severity.HIGH;
import static dev.gatehouse.analyzer.Severity.MEDIUM;
import static dev.gatehouse.policy.Findings.NOW;
import static dev.gatehouse.policy.Findings.analysis;
import static dev.gatehouse.policy.Findings.archive;
import static dev.gatehouse.policy.Findings.code;
import static dev.gatehouse.policy.Findings.npm;
import static dev.gatehouse.policy.Findings.npmScript;
import static dev.gatehouse.policy.Findings.staticInitializer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.ArchiveProblem;
import dev.gatehouse.analyzer.Finding;
import dev.gatehouse.analyzer.Trigger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Same inputs, same verdict, reasons and their order included; same policy content, same version. */
class DeterminismTest {
  private static final List<Finding> MANY = List.of(
      npmScript("postinstall", MEDIUM, PROCESS_SPAWN),
      npmScript("preinstall", HIGH, PROCESS_SPAWN),
      code(Trigger.IMPORT_TIME, CRITICAL, "package/a.js", "line 1", OBFUSCATION),
      code(Trigger.IMPORT_TIME, CRITICAL, "package/b.js", "line 9", OBFUSCATION),
      code(Trigger.VERSION_CHANGE, MEDIUM, "package/package.json", "scripts.postinstall"),
      archive(ArchiveProblem.UNREADABLE_ENTRY, "package/c.node"));

  private final Policy policy = Policy.defaults();

  @Test
  void sameInputsTwiceGiveEqualVerdicts() {
    PackageFacts facts = PackageFacts.publishedAt(NOW.minus(Duration.ofDays(30)));
    Verdict first = policy.decide(npm("x", "1.0.0"), analysis(MANY.toArray(Finding[]::new)), facts, List.of(), NOW);
    Verdict second = Policy.defaults()
        .decide(npm("x", "1.0.0"), analysis(MANY.toArray(Finding[]::new)), facts, List.of(), NOW);
    assertThat(second).isEqualTo(first);
    assertThat(first.reasons()).hasSize(MANY.size());
  }

  @Test
  void orderOfFindingsInTheAnalysisAndTheMetadataDoesNotMatter() {
    Verdict expected = decideSplit(MANY);
    Random random = new Random(42);
    for (int i = 0; i < 20; i++) {
      List<Finding> shuffled = new ArrayList<>(MANY);
      Collections.shuffle(shuffled, random);
      assertThat(decideSplit(shuffled)).isEqualTo(expected);
    }
  }

  /** The first half of {@code findings} as the artifact's, the rest as metadata findings. */
  private Verdict decideSplit(List<Finding> findings) {
    int half = findings.size() / 2;
    PackageFacts facts = new PackageFacts(Optional.empty(), findings.subList(half, findings.size()));
    return policy.decide(npm("x", "1.0.0"), analysis(findings.subList(0, half).toArray(Finding[]::new)), facts,
        List.of(), NOW);
  }

  @Test
  void blockReasonsAreOrderedTheSameWayEveryTime() {
    Finding a = staticInitializer("x.A", CRITICAL, CREDENTIAL_READ, NETWORK);
    Finding b = staticInitializer("x.B", CRITICAL, CREDENTIAL_READ, NETWORK);
    Verdict ab = policy.decide(npm("x", "1.0.0"), analysis(a, b), PackageFacts.none(), List.of(), NOW);
    Verdict ba = policy.decide(npm("x", "1.0.0"), analysis(b, a), PackageFacts.none(), List.of(), NOW);
    assertThat(ab).isEqualTo(ba);
    assertThat(ab.reasons()).containsExactly(
        "static initializer of x.A (x/A.class) reaches network and credential-file read",
        "static initializer of x.B (x/B.class) reaches network and credential-file read");
  }

  @Test
  void versionIsAStableSha256OfTheContent() {
    assertThat(policy.version()).matches("[0-9a-f]{64}").isEqualTo(Policy.defaults().version());
  }

  @Test
  void versionIgnoresLayoutCommentsAndTheOrderOfUnorderedLists() {
    Policy block = Policy.parse("a.yml", """
        # trusted first
        trusted:
          npm: [zeta, alpha]
          maven: ["com.acme:*"]
        deny:
          - { ecosystem: npm, name: bad, versions: ["2.0.0", "1.0.0"] }
          - { ecosystem: pypi, name: Evil_Pkg }
        cooldown:
          minimum-age: 72h
          exceptions:
            - { ecosystem: npm, name: b, version: "1.0.0" }
            - { ecosystem: npm, name: a, version: "1.0.0" }
        """);
    Policy reordered = Policy.parse("b.yml", """
        cooldown: { exceptions: [ { name: a, ecosystem: npm, version: "1.0.0" }, { ecosystem: npm, name: b, version: "1.0.0" } ], minimum-age: 3d }
        deny: [ { ecosystem: pypi, name: evil-pkg }, { ecosystem: npm, name: bad, versions: ["1.0.0", "2.0.0"] } ]
        trusted: { maven: ["com.acme:*"], npm: [alpha, zeta, alpha] }
        """);
    assertThat(reordered.version()).isEqualTo(block.version());
    assertThat(reordered.canonicalForm()).isEqualTo(block.canonicalForm());
  }

  @Test
  void versionChangesWithEveryPartOfTheContent() {
    String base = Policy.defaults().version();
    assertThat(Policy.parse("p.yml", "trusted: { npm: [my-addon] }").version()).isNotEqualTo(base);
    assertThat(Policy.parse("p.yml", "deny: [ { ecosystem: npm, name: x } ]").version()).isNotEqualTo(base);
    assertThat(Policy.parse("p.yml", "cooldown: { minimum-age: 1d }").version()).isNotEqualTo(base);
    assertThat(Policy.parse("p.yml", "rules: [ { name: build-time-code, enabled: false } ]").version()).isNotEqualTo(base);
    assertThat(Policy.parse("p.yml", "rules: [ { name: critical-finding, decision: block, when: { min-severity: critical } } ]")
        .version()).isNotEqualTo(base);
  }

  @Test
  void ruleOrderChangesTheVersionBecauseItBreaksTies() {
    Policy ab = Policy.parse("p.yml", """
        extends: none
        rules:
          - { name: a, decision: quarantine, when: { min-severity: high } }
          - { name: b, decision: quarantine, when: { min-severity: critical } }
        """);
    Policy ba = Policy.parse("p.yml", """
        extends: none
        rules:
          - { name: b, decision: quarantine, when: { min-severity: critical } }
          - { name: a, decision: quarantine, when: { min-severity: high } }
        """);
    assertThat(ab.version()).isNotEqualTo(ba.version());
    Finding critical = code(Trigger.IMPORT_TIME, CRITICAL, "x.js", "line 1");
    assertThat(ab.decide(npm("x", "1.0.0"), analysis(critical), PackageFacts.none(), List.of(), NOW).rule()).isEqualTo("a");
    assertThat(ba.decide(npm("x", "1.0.0"), analysis(critical), PackageFacts.none(), List.of(), NOW).rule()).isEqualTo("b");
  }

  @Test
  void canonicalFormListsEveryRuleAndEntryOnItsOwnLine() {
    Policy policy = Policy.parse("p.yml", """
        extends: none
        rules:
          - { name: r, decision: quarantine, trusted-exempt: true, when: { triggers: [java-agent], min-severity: low } }
        trusted: { npm: [esbuild] }
        deny: [ { ecosystem: npm, name: x, versions: ["1.0.0"], reason: "said \\"no\\"" } ]
        cooldown: { minimum-age: 36h, exceptions: [ { ecosystem: npm, name: y, version: "2.0.0" } ] }
        """);
    assertThat(policy.canonicalForm()).isEqualTo(String.join("\n",
        "gatehouse-policy 1",
        "rule r decision=quarantine trusted-exempt=true triggers=java-agent capabilities= any-capabilities="
            + " min-severity=low ecosystems= archive-problems=",
        "trusted npm esbuild",
        "deny npm x versions=1.0.0 reason=\"said \\\"no\\\"\"",
        "cooldown minimum-age=1d12h",
        "cooldown-exception npm y \"2.0.0\""));
  }
}
