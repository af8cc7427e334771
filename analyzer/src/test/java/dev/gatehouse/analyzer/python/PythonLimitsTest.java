package dev.gatehouse.analyzer.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.AnalysisLimits;
import dev.gatehouse.analyzer.ArchiveFinding;
import dev.gatehouse.analyzer.ArchiveProblem;
import dev.gatehouse.analyzer.Deadline;
import dev.gatehouse.analyzer.Finding;
import dev.gatehouse.analyzer.fixtures.WheelFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bound of the Python analysis ends in a finding that names it, never in a clean result. */
class PythonLimitsTest {
  @TempDir Path tmp;

  private static AnalysisLimits limits(long maxEntryBytes, int maxModules) {
    AnalysisLimits d = AnalysisLimits.defaults();
    return new AnalysisLimits(d.maxArtifactBytes(), d.maxEntries(), d.maxInflatedBytes(), d.maxCompressionRatio(),
        maxEntryBytes, d.maxNameLength(), d.maxNestingDepth(), d.maxAnalysisTime(), maxModules, d.maxCallDepth());
  }

  private List<ArchiveFinding> limitFindings(List<Finding> findings) {
    return findings.stream().filter(ArchiveFinding.class::isInstance).map(ArchiveFinding.class::cast)
        .filter(f -> f.problem() == ArchiveProblem.ANALYSIS_LIMIT).toList();
  }

  @Test
  void moreModulesThanTheLimitIsAFindingNamingTheLimit() throws IOException {
    WheelFixture wheel = WheelFixture.named("many", "1.0");
    for (int i = 0; i < 5; i++) {
      wheel.file("many/m" + i + ".py", "x = " + i + "\n");
    }
    AnalysisLimits limits = limits(1 << 20, 3);
    List<Finding> findings = new WheelAnalyzer().analyze(wheel.build(tmp), limits, Deadline.after(Duration.ofMinutes(1)));
    assertThat(limitFindings(findings)).singleElement().satisfies(f ->
        assertThat(f.summary()).isEqualTo("more than 3 Python modules (limits.maxClasses); the rest were not analyzed"));
  }

  @Test
  void aSourceFileLargerThanTheEntryLimitIsAFindingNotSkippedSilently() throws IOException {
    WheelFixture wheel = WheelFixture.named("big", "1.0").file("big/__init__.py", "x = 1\n" + "#".repeat(4000) + "\n");
    List<Finding> findings = new WheelAnalyzer().analyze(wheel.build(tmp), limits(1000, 100),
        Deadline.after(Duration.ofMinutes(1)));
    assertThat(limitFindings(findings)).singleElement().satisfies(f -> {
      assertThat(f.evidence().path()).isEqualTo("big/__init__.py");
      assertThat(f.summary()).contains("limits.maxEntryBytes");
    });
  }

  @Test
  void runningOutOfTimeIsAFinding() throws IOException {
    WheelFixture wheel = WheelFixture.named("slow", "1.0").file("slow/__init__.py", "x = 1\n");
    AtomicLong clock = new AtomicLong();
    Deadline deadline = Deadline.after(Duration.ofSeconds(1), () -> clock.addAndGet(400_000_000L));
    List<Finding> findings = new WheelAnalyzer().analyze(wheel.build(tmp), AnalysisLimits.defaults(), deadline);
    assertThat(limitFindings(findings)).isNotEmpty()
        .allSatisfy(f -> assertThat(f.summary()).contains("limits.maxAnalysisTime"));
  }

  @Test
  void nestingPastCPythonsParserLimitIsSkippedBecauseItCannotRun() {
    ModuleScanner scanner = new ModuleScanner(1 << 20);
    String parens = "import os\nx = " + "f(".repeat(50_000) + "os.system('id')" + ")".repeat(50_000) + "\n";
    ModuleSummary m = scanner.summarize(new SourceFile("h.py", "h", false, false), parens);
    assertThat(m.top().hits()).isEmpty();
  }

  @Test
  void deepButValidNestingIsStillReadWithoutOverflowingTheStack() {
    ModuleScanner scanner = new ModuleScanner(1 << 20);
    String decoders = "import base64\nexec(" + "base64.b64decode(".repeat(150) + "'eA=='" + ")".repeat(151) + "\n";
    ModuleSummary m = scanner.summarize(new SourceFile("h.py", "h", false, false), decoders);
    assertThat(m.top().hits()).extracting(Hit::capability)
        .contains(dev.gatehouse.analyzer.Capability.DYNAMIC_CODE, dev.gatehouse.analyzer.Capability.ENCODED_PAYLOAD);
    String references = "fs = [" + "g, ".repeat(100_000) + "]\ndef g():\n    pass\n";
    assertThat(scanner.summarize(new SourceFile("r.py", "r", false, false), references).top().calls()).isEmpty();
  }
}
