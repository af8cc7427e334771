package dev.gatehouse.proxy.gate;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.analyzer.ArtifactKind;
import dev.gatehouse.policy.PackageRef;

/**
 * One artifact a client asked for, as its ecosystem adapter parsed it from the request path.
 *
 * @param kind how the analyzer reads the bytes
 * @param upstreamPath where the file lives relative to an upstream's base URL, such as the Maven layout path
 */
public record RequestTarget(PackageRef ref, ArtifactKind kind, String upstreamPath) {
  public RequestTarget {
    requireNonNull(ref, "ref");
    requireNonNull(kind, "kind");
    requireNonNull(upstreamPath, "upstreamPath");
    if (upstreamPath.isBlank() || upstreamPath.startsWith("/")) {
      throw new IllegalArgumentException("upstream path must be relative and not blank: " + upstreamPath);
    }
  }
}
