package dev.gatehouse.core.gate;

/**
 * The bounds of first fetches.
 *
 * @param maxConcurrentFetches {@code server.maxConcurrentFetches}: downloads and analyses running at once
 * @param maxArtifactBytes {@code limits.maxArtifactBytes}: the largest artifact downloaded
 */
public record FetchSettings(int maxConcurrentFetches, long maxArtifactBytes) {
  public FetchSettings {
    if (maxConcurrentFetches <= 0) {
      throw new IllegalArgumentException("server.maxConcurrentFetches must be positive, was " + maxConcurrentFetches);
    }
    if (maxArtifactBytes <= 0) {
      throw new IllegalArgumentException("limits.maxArtifactBytes must be positive, was " + maxArtifactBytes);
    }
  }
}
