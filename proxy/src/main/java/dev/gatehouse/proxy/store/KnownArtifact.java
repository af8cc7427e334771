package dev.gatehouse.proxy.store;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.policy.PackageRef;
import java.net.URI;
import java.time.Instant;

/**
 * What Gatehouse knows of one artifact file it fetched: which bytes it was, how many, where from, and
 * since when.
 *
 * @param upstreamUrl the URL the bytes were downloaded from
 * @param firstFetchedAt when Gatehouse first downloaded these bytes for this file
 */
public record KnownArtifact(PackageRef ref, String sha256, long size, URI upstreamUrl, Instant firstFetchedAt) {
  public KnownArtifact {
    requireNonNull(ref, "ref");
    Sha256.require(sha256);
    requireNonNull(upstreamUrl, "upstreamUrl");
    requireNonNull(firstFetchedAt, "firstFetchedAt");
    if (size < 0) {
      throw new IllegalArgumentException("artifact size must not be negative, was " + size);
    }
  }
}
