package dev.gatehouse.analyzer.jvm;

import dev.gatehouse.analyzer.AnalysisLimits;
import dev.gatehouse.analyzer.ArchiveFinding;
import dev.gatehouse.analyzer.CodeFinding;
import dev.gatehouse.analyzer.Deadline;
import dev.gatehouse.analyzer.Finding;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The findings of one jar, as the tests read them. */
record JarAnalysis(List<Finding> findings) {
  static JarAnalysis of(Path jar) throws IOException {
    return of(jar, AnalysisLimits.defaults());
  }

  static JarAnalysis of(Path jar, AnalysisLimits limits) throws IOException {
    return new JarAnalysis(new JarAnalyzer().analyze(jar, limits, Deadline.after(limits.maxAnalysisTime())));
  }

  /** The defaults with other class, call-depth, nesting and time bounds. */
  static AnalysisLimits limits(int maxClasses, int maxCallDepth, int maxNestingDepth, Duration maxAnalysisTime) {
    AnalysisLimits d = AnalysisLimits.defaults();
    return new AnalysisLimits(d.maxArtifactBytes(), d.maxEntries(), d.maxInflatedBytes(), d.maxCompressionRatio(),
        d.maxEntryBytes(), d.maxNameLength(), maxNestingDepth, maxAnalysisTime, maxClasses, maxCallDepth);
  }

  List<CodeFinding> code() {
    return findings.stream().filter(CodeFinding.class::isInstance).map(CodeFinding.class::cast).toList();
  }

  List<ArchiveFinding> archive() {
    return findings.stream().filter(ArchiveFinding.class::isInstance).map(ArchiveFinding.class::cast).toList();
  }
}
