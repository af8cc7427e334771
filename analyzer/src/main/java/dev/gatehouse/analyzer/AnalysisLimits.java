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
 * @param maxEntryBytes the largest single entry read into memory for analysis (a class, a script); a larger
 *     native executable or data file is an {@link ArchiveProblem#LARGE_BINARY} at low severity, a larger file
 *     of code an {@link ArchiveProblem#ANALYSIS_LIMIT}
 * @param maxNameLength the longest entry name
 * @param maxNestingDepth archives inside archives; 1 means a jar inside the artifact is read, no deeper
 * @param maxAnalysisTime wall time for the whole analysis
 * @param maxClasses classes parsed across the artifact (for Python artifacts: source modules parsed)
 * @param maxCallDepth how far calls are followed from an entry point inside the artifact's own code
 * @param maxTokensPerFile tokens read from one source file (JavaScript); a file with more is not analyzed
 *     past them, and that is a finding
 * @param maxFindings findings kept for one artifact; past it the most severe are kept and one finding
 *     counts the rest, so a hostile archive cannot make its analysis large
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
    int maxCallDepth,
    int maxTokensPerFile,
    int maxFindings) {

  /** The default of {@code limits.maxTokensPerFile}: yarn 1's 5 MB cli.js has about 0.9 million tokens. */
  public static final int DEFAULT_MAX_TOKENS_PER_FILE = 2_000_000;
  /** The default of {@code limits.maxFindings}. */
  public static final int DEFAULT_MAX_FINDINGS = 500;

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
    positive("maxTokensPerFile", maxTokensPerFile);
    if (maxFindings < 2) {
      throw new IllegalArgumentException("maxFindings must be 2 or more (one finding says how many were cut), was "
          + maxFindings);
    }
  }

  /**
   * The bounds named before {@code maxTokensPerFile} and {@code maxFindings} existed; those two take their
   * defaults. Kept so that callers which set only the archive bounds need not name every field.
   */
  public AnalysisLimits(long maxArtifactBytes, int maxEntries, long maxInflatedBytes, int maxCompressionRatio,
      long maxEntryBytes, int maxNameLength, int maxNestingDepth, Duration maxAnalysisTime, int maxClasses,
      int maxCallDepth) {
    this(maxArtifactBytes, maxEntries, maxInflatedBytes, maxCompressionRatio, maxEntryBytes, maxNameLength,
        maxNestingDepth, maxAnalysisTime, maxClasses, maxCallDepth, DEFAULT_MAX_TOKENS_PER_FILE, DEFAULT_MAX_FINDINGS);
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
        12,
        DEFAULT_MAX_TOKENS_PER_FILE,
        DEFAULT_MAX_FINDINGS);
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}
