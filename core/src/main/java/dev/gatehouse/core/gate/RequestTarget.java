package dev.gatehouse.core.gate;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.analyzer.ArtifactKind;
import dev.gatehouse.policy.PackageRef;

/**
 * One artifact a client asked for, as its ecosystem adapter parsed it from the request path.
 *
 * @param kind how the analyzer reads the bytes
 * @param locator where the file is upstream, as the request path names it, read only by the ecosystem's adapter:
 *     the layout path below each Maven repository URL, {@code name/-/file} below the npm registry URL, the file
 *     URL's host and path for PyPI (which one of {@code upstreams.pypi.files} and where below it). Only targets
 *     parsed from a request exist: a verdict judged again needs none ({@link EcosystemAdapter#factsOnRecord}).
 */
public record RequestTarget(PackageRef ref, ArtifactKind kind, String locator) {
  public RequestTarget {
    requireNonNull(ref, "ref");
    requireNonNull(kind, "kind");
    requireNonNull(locator, "locator");
    if (locator.isBlank() || locator.startsWith("/")) {
      throw new IllegalArgumentException("a locator is relative and not blank: " + locator);
    }
  }
}
