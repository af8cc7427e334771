package dev.gatehouse.analyzer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The analysis of one {@link ArtifactKind}. Implementations read the file through the bounded archive
 * reader, turn every problem with the archive into an {@link ArchiveFinding}, and throw only for I/O
 * failures of the file itself. They are stateless and safe to call from several threads at once.
 */
public interface ArtifactAnalyzer {
  List<Finding> analyze(Path artifact, AnalysisLimits limits, Deadline deadline) throws IOException;
}
