package dev.gatehouse.proxy.cli;

import dev.gatehouse.analyzer.AnalysisLimits;
import dev.gatehouse.config.LimitsConfig;

/** The analyzer's bounds, read from {@code limits.*} of {@code gatehouse.yml}. */
final class Limits {
  private Limits() {}

  static AnalysisLimits of(LimitsConfig limits) {
    return new AnalysisLimits(limits.maxArtifactBytes(), limits.maxEntries(), limits.maxInflatedBytes(),
        limits.maxCompressionRatio(), limits.maxEntryBytes(), limits.maxNameLength(), limits.maxNestingDepth(),
        limits.maxAnalysisTime(), limits.maxClasses(), limits.maxCallDepth());
  }
}
