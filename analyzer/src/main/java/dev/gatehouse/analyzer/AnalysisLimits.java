package dev.gatehouse.analyzer;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The bounds of one analysis. Hitting any of them is an {@link ArchiveFinding} ({@link
 * ArchiveProblem#BOMB}, {@link ArchiveProblem#TOO_MANY_ENTRIES}, {@link ArchiveProblem#TOO_DEEP} or
 * {@link ArchiveProblem#ANALYSIS_LIMIT}), never an {@code OutOfMemoryError} and never a clean result.
 *
 * <p>Each field is named after the {@code limits.*} key of {@code gatehouse.yml} that sets it, so that a
 * finding can tell an operator which setting to change.
 *
 * @param maxArtifactBytes the largest artifact analyzed at all
 * @param maxEntries entries across the archive and every archive nested in it
 * @param maxInflatedBytes bytes inflated across all entries, counted as they inflate (headers lie)
 * @param maxCompressionRatio inflated bytes per compressed byte of one entry, past a small floor
 * @param maxEntryBytes the largest single entry read into memory for analysis (a class, a script)
 * @param maxNameLength the longest entry name
 * @param maxNestingDepth archives inside archives; 1 means a jar inside the artifact is read, no deeper
 * @param maxAnalysisTime wall time for the whole analysis
 * @param maxClasses classes parsed across the artifact (for Python artifacts: source modules parsed)
 * @param maxCallDepth how far calls are followed from an entry point inside the artifact's own code
 */
public record AnalysisLimits(
    long maxArtifactBytes,
    int maxEntries,
    long maxInflatedBytes,
    int maxCompressionRatio,
    long maxEntryBytes,
    int maxNameLength,
    int maxNestingDepth,
    Duration maxAnalysisTime,
    int maxClasses,
    int maxCallDepth) {

  public AnalysisLimits {
    requireNonNull(maxAnalysisTime, "maxAnalysisTime");
    positive("maxArtifactBytes", maxArtifactBytes);
    positive("maxEntries", maxEntries);
    positive("maxInflatedBytes", maxInflatedBytes);
    positive("maxCompressionRatio", maxCompressionRatio);
    positive("maxEntryBytes", maxEntryBytes);
    positive("maxNameLength", maxNameLength);
    if (maxNestingDepth < 0) {
      throw new IllegalArgumentException("maxNestingDepth must be 0 or more, was " + maxNestingDepth);
    }
    if (maxAnalysisTime.isNegative() || maxAnalysisTime.isZero()) {
      throw new IllegalArgumentException("maxAnalysisTime must be positive, was " + maxAnalysisTime);
    }
    positive("maxClasses", maxClasses);
    positive("maxCallDepth", maxCallDepth);
  }

  /** The defaults of {@code gatehouse.yml}: generous for real artifacts, fatal for bombs. */
  public static AnalysisLimits defaults() {
    return new AnalysisLimits(
        1L << 30,          // 1 GiB: the largest real jars and wheels (CUDA wheels) are a few hundred MiB
        200_000,
        4L << 30,
        200,
        16L << 20,
        1024,
        3,
        Duration.ofSeconds(60),
        100_000,
        12);
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}
