package dev.gatehouse.policy;

import static dev.gatehouse.analyzer.Capability.NATIVE_LOAD;
import static dev.gatehouse.analyzer.Capability.PROCESS_SPAWN;
import static dev.gatehouse.analyzer.Severity.CRITICAL;
import static dev.gatehouse.analyzer.Severity.MEDIUM;
import static dev.gatehouse.policy.Findings.NOW;
import static dev.gatehouse.policy.Findings.analysis;
import static dev.gatehouse.policy.Findings.code;
import static dev.gatehouse.policy.Findings.maven;
import static dev.gatehouse.policy.Findings.npm;
import static dev.gatehouse.policy.Findings.npmScript;
import static dev.gatehouse.policy.Findings.pypi;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.analyzer.Finding;
import dev.gatehouse.analyzer.Trigger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An operator's policy file is laid over the defaults unless it says otherwise. */
class PolicyFileTest {
  private static final Finding LOMBOK_PROCESSOR = code(Trigger.ANNOTATION_PROCESSOR, MEDIUM,
      "META-INF/services/javax.annotation.processing.Processor", "lombok.launch.AnnotationProcessorHider$AnnotationProcessor");

  @TempDir Path dir;

  private Path write(String text) throws IOException {
    return Files.writeString(dir.resolve("policy.yml"), text);
  }

  private static Verdict decide(Policy policy, PackageRef ref, Finding... findings) {
    return policy.decide(ref, analysis(findings), PackageFacts.none(), List.of(), NOW);
  }

  @Test
  void fileThatAddsATrustedNameKeepsEveryDefaultRuleAndTrustedName() throws IOException {
    Policy policy = Policy.load(write("""
        # our own native addon builds with node-gyp at install
        trusted:
          npm: ["@acme/native-addon"]
        """));
    assertThat(policy.rules()).isEqualTo(Policy.defaults().rules());
    Finding script = npmScript("install", MEDIUM, PROCESS_SPAWN);
    assertThat(decide(policy, npm("@acme/native-addon", "1.0.0"), script).rule()).isEqualTo("trusted");
    assertThat(decide(policy, npm("esbuild", "0.24.2"), script).rule()).isEqualTo("trusted");
    assertThat(decide(policy, npm("other-addon", "1.0.0"), script).rule()).isEqualTo("install-time-code");
  }

  @Test
  void fileRulesFollowTheDefaultRules() throws IOException {
    Policy policy = Policy.load(write("""
        rules:
          - name: native-code-at-import
            decision: quarantine
            when: { triggers: [import-time], capabilities: [native-load], ecosystems: [pypi] }
        """));
    assertThat(policy.rules()).hasSize(Policy.defaults().rules().size() + 1);
    assertThat(policy.rules().get(policy.rules().size() - 1).name()).isEqualTo("native-code-at-import");
    Finding finding = code(Trigger.IMPORT_TIME, MEDIUM, "x/__init__.py", "line 2", NATIVE_LOAD);
    assertThat(decide(policy, pypi("x", "1.0"), finding).rule()).isEqualTo("native-code-at-import");
    assertThat(decide(policy, npm("x", "1.0.0"), finding).rule()).isEqualTo("no-blocking-findings");
  }

  @Test
  void ruleNamedLikeADefaultRuleReplacesItInPlace() throws IOException {
    Policy policy = Policy.load(write("""
        rules:
          - name: critical-finding
            decision: block
            when: { min-severity: critical }
        """));
    List<String> names = policy.rules().stream().map(Rule::name).toList();
    assertThat(names).isEqualTo(Policy.defaults().rules().stream().map(Rule::name).toList());
    Finding critical = code(Trigger.IMPORT_TIME, CRITICAL, "x.js", "line 1");
    assertThat(decide(policy, npm("x", "1.0.0"), critical)).isEqualTo(Verdict.block("critical-finding",
        "module import-time code (x.js line 1): " + critical.summary()));
  }

  @Test
  void disabledDefaultRuleNoLongerHoldsAnything() throws IOException {
    Policy policy = Policy.load(write("""
        rules:
          - { name: build-time-code, enabled: false }
        """));
    assertThat(policy.rules()).extracting(Rule::name).doesNotContain("build-time-code");
    assertThat(decide(policy, maven("org.projectlombok:lombok", "1.18.36"), LOMBOK_PROCESSOR))
        .isEqualTo(Verdict.allow("no-blocking-findings"));
  }

  @Test
  void disabledFullRuleIsCheckedButNotUsed() throws IOException {
    Policy policy = Policy.load(write("""
        rules:
          - name: strict-imports
            enabled: false
            decision: quarantine
            when: { triggers: [import-time] }
        """));
    assertThat(policy.rules()).isEqualTo(Policy.defaults().rules());
  }

  @Test
  void extendsNoneStartsFromAnEmptyPolicy() throws IOException {
    Policy policy = Policy.load(write("""
        extends: none
        rules:
          - name: anything-critical
            decision: block
            when: { min-severity: critical }
        """));
    assertThat(policy.rules()).extracting(Rule::name).containsExactly("anything-critical");
    assertThat(decide(policy, maven("org.projectlombok:lombok", "1.18.36"), LOMBOK_PROCESSOR).rule())
        .isEqualTo("no-blocking-findings");
    assertThat(policy.minimumAge()).isEqualTo(Duration.ZERO);
  }

  @Test
  void fileAddsDenyEntriesAndCooldownToTheDefaults() throws IOException {
    Policy policy = Policy.load(write("""
        deny:
          - { ecosystem: npm, name: event-stream, versions: ["3.3.6"] }
        cooldown:
          minimum-age: 7d
          exceptions:
            - { ecosystem: pypi, name: Requests, version: "2.32.4" }
        """));
    assertThat(policy.denies(Ecosystem.NPM, "event-stream", "3.3.6")).isTrue();
    assertThat(policy.minimumAge()).isEqualTo(Duration.ofDays(7));
    assertThat(policy.cooldownAdmits(Ecosystem.PYPI, "requests", "2.32.4", NOW, NOW)).isTrue();
    assertThat(policy.cooldownAdmits(Ecosystem.PYPI, "requests", "2.32.5", NOW, NOW)).isFalse();
  }

  @Test
  void emptyFileIsTheDefaultPolicy() throws IOException {
    assertThat(Policy.load(write("")).version()).isEqualTo(Policy.defaults().version());
    assertThat(Policy.load(write("# nothing to change yet\n")).version()).isEqualTo(Policy.defaults().version());
    assertThat(Policy.load(write("extends: default\n")).version()).isEqualTo(Policy.defaults().version());
  }

  @Test
  void missingFileIsRefusedByName() {
    Path missing = dir.resolve("nope.yml");
    assertThatThrownBy(() -> Policy.load(missing))
        .isInstanceOf(PolicyException.class)
        .hasMessage(missing + ": no such file");
  }

  @Test
  void fileOverTheSizeLimitIsRefusedWithoutBeingParsed() throws IOException {
    Path big = write("# " + "x".repeat(PolicyFile.MAX_FILE_BYTES) + "\n");
    assertThatThrownBy(() -> Policy.load(big))
        .isInstanceOf(PolicyException.class)
        .hasMessage(big + ": larger than 1048576 bytes, the most a policy file may have");
  }

  @Test
  void fileThatIsNotUtf8IsRefused() throws IOException {
    Path latin1 = Files.write(dir.resolve("latin1.yml"),
        "deny:\n  - { ecosystem: npm, name: x, reason: \"caf\u00e9\" }\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> Policy.load(latin1))
        .isInstanceOf(PolicyException.class)
        .hasMessage(latin1 + ": not UTF-8 text");
  }

  @Test
  void errorsInALoadedFileNameItsPath() throws IOException {
    Path file = write("rules:\n  - { name: r, decision: block, when: { capabilities: [netwrk] } }\n");
    assertThatThrownBy(() -> Policy.load(file))
        .isInstanceOf(PolicyException.class)
        .hasMessageStartingWith(file + ": rules[0].when.capabilities[0]: unknown capability \"netwrk\" (known: ");
  }
}
