package dev.gatehouse.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * {@code limits.*}: bounds of artifact analysis and of upstream responses. Field names are the keys.
 * The analysis bounds are handed to the analyzer unchanged (see its {@code AnalysisLimits}). Every bound
 * is positive, except {@code maxNestingDepth}, where 0 means archives inside the artifact are not opened.
 *
 * @param maxArtifactBytes largest artifact downloaded and analyzed
 * @param maxMetadataBytes largest metadata document (packument, index page, maven-metadata.xml)
 * @param maxTokensPerFile tokens read from one source file
 * @param maxFindings findings kept for one artifact, the last of them counting the rest
 */
public record LimitsConfig(
    long maxArtifactBytes,
    long maxMetadataBytes,
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

  public LimitsConfig {
    requireNonNull(maxAnalysisTime, "maxAnalysisTime");
    Bounds.positive("maxArtifactBytes", maxArtifactBytes);
    Bounds.positive("maxMetadataBytes", maxMetadataBytes);
    Bounds.positive("maxEntries", maxEntries);
    Bounds.positive("maxInflatedBytes", maxInflatedBytes);
    Bounds.positive("maxCompressionRatio", maxCompressionRatio);
    Bounds.positive("maxEntryBytes", maxEntryBytes);
    Bounds.positive("maxNameLength", maxNameLength);
    Bounds.notNegative("maxNestingDepth", maxNestingDepth);
    Bounds.positive("maxAnalysisTime", maxAnalysisTime);
    Bounds.positive("maxClasses", maxClasses);
    Bounds.positive("maxCallDepth", maxCallDepth);
    Bounds.positive("maxTokensPerFile", maxTokensPerFile);
    if (maxFindings < 2) {
      throw new IllegalArgumentException("maxFindings must be 2 or more, was " + maxFindings);
    }
  }
}
