package dev.gatehouse.policy.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.Analysis;
import dev.gatehouse.analyzer.AnalysisLimits;
import dev.gatehouse.analyzer.Analyzer;
import dev.gatehouse.analyzer.ArtifactKind;
import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.CodeFinding;
import dev.gatehouse.analyzer.Trigger;
import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageFacts;
import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.policy.Policy;
import dev.gatehouse.policy.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The evaluation set's one way to judge an inert replica: the real analyzer over the artifact the test
 * built, then the embedded default policy, as {@code gatehouse scan} does. A replica test names the
 * attack shape it stands for in its display name, so that the set can be counted per shape.
 */
public record Replica(Analysis analysis, Verdict verdict) {
  private static final Analyzer ANALYZER = new Analyzer(AnalysisLimits.defaults());
  private static final Policy POLICY = Policy.defaults();
  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  public static Replica judge(Path artifact, ArtifactKind kind, Ecosystem ecosystem, String name, String version)
      throws IOException {
    return judge(artifact, kind, ecosystem, name, version, PackageFacts.none());
  }

  /** As {@link #judge(Path, ArtifactKind, Ecosystem, String, String)}, with what the registry's metadata says. */
  public static Replica judge(Path artifact, ArtifactKind kind, Ecosystem ecosystem, String name, String version,
      PackageFacts facts) throws IOException {
    Analysis analysis = ANALYZER.analyze(artifact, kind);
    PackageRef ref = new PackageRef(ecosystem, name, version, artifact.getFileName().toString());
    return new Replica(analysis, POLICY.decide(ref, analysis, facts, List.of(), NOW));
  }

  /** The replica is refused or held, and some finding has {@code trigger} and every one of {@code capabilities}. */
  public Replica isStopped(Trigger trigger, Capability... capabilities) {
    assertThat(verdict.decision()).as("verdict of %s", this).isNotEqualTo(Decision.ALLOW);
    assertThat(analysis.codeFindings())
        .as("findings of %s", this)
        .anySatisfy(f -> {
          assertThat(f.trigger()).isEqualTo(trigger);
          assertThat(f.capabilities()).contains(capabilities);
        });
    return this;
  }

  public Replica isBlocked() {
    assertThat(verdict.decision()).as("verdict of %s", this).isEqualTo(Decision.BLOCK);
    return this;
  }

  public Replica isAllowed() {
    assertThat(verdict.decision()).as("verdict of %s", this).isEqualTo(Decision.ALLOW);
    return this;
  }

  public List<CodeFinding> findings() {
    return analysis.codeFindings();
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(verdict.decision() + " by " + verdict.rule());
    analysis.findings().forEach(f -> out.append("\n  ").append(f.severity().key()).append(": ").append(f.summary())
        .append(" (").append(f.evidence().where()).append(")"));
    return out.toString();
  }
}
