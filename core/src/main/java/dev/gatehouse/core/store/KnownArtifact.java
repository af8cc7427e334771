package dev.gatehouse.core.store;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.policy.PackageRef;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * What Gatehouse knows of one artifact file it fetched: which bytes it was, how many, where from, and
 * since when.
 *
 * @param upstreamUrl the URL the bytes were downloaded from
 * @param firstFetchedAt when Gatehouse first downloaded these bytes for this file
 * @param publishedAt when the registry said, at that download, the file was published; empty if it did not say
 */
public record KnownArtifact(PackageRef ref, String sha256, long size, URI upstreamUrl, Instant firstFetchedAt,
    Optional<Instant> publishedAt) {
  public KnownArtifact {
    requireNonNull(ref, "ref");
    requireNonNull(publishedAt, "publishedAt");
    Sha256.require(sha256);
    requireNonNull(upstreamUrl, "upstreamUrl");
    requireNonNull(firstFetchedAt, "firstFetchedAt");
    if (size < 0) {
      throw new IllegalArgumentException("artifact size must not be negative, was " + size);
    }
  }

  /** A file whose publish time the registry did not give. */
  public KnownArtifact(PackageRef ref, String sha256, long size, URI upstreamUrl, Instant firstFetchedAt) {
    this(ref, sha256, size, upstreamUrl, firstFetchedAt, Optional.empty());
  }
}
