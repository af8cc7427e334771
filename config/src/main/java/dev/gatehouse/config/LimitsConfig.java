package dev.gatehouse.config;

import java.time.Duration;

/**
 * {@code limits.*}: bounds of artifact analysis and of upstream responses. Field names are the keys.
 * The analysis bounds are handed to the analyzer unchanged (see its {@code AnalysisLimits}).
 *
 * @param maxArtifactBytes largest artifact downloaded and analyzed
 * @param maxMetadataBytes largest metadata document (packument, index page, maven-metadata.xml)
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
    int maxCallDepth) {}
