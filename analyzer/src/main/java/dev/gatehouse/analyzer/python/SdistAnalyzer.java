package dev.gatehouse.analyzer.python;

import dev.gatehouse.analyzer.AnalysisLimits;
import dev.gatehouse.analyzer.ArtifactAnalyzer;
import dev.gatehouse.analyzer.Deadline;
import dev.gatehouse.analyzer.Finding;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Placeholder until this analysis lands; see the issue that builds it. */
public final class SdistAnalyzer implements ArtifactAnalyzer {
  @Override
  public List<Finding> analyze(Path artifact, AnalysisLimits limits, Deadline deadline) throws IOException {
    throw new UnsupportedOperationException("SdistAnalyzer is not built yet");
  }
}
