package dev.gatehouse.core.metadata;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.policy.Ecosystem;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * One registry's metadata documents held in its {@link MetadataDocuments} cache, as the versions a {@link
 * ReleaseFilter} lets them list: what a policy's dry run compares under the policy in force and a candidate. Only
 * held copies are read, never the upstream. Thread-safe; blocking.
 */
public interface HeldListings {

  /** The registry's ecosystem. */
  Ecosystem ecosystem();

  /** The keys of the documents held now (package names, or paths for Maven), sorted, at most {@code limit}. */
  List<String> packages(int limit);

  /** What the held document under {@code name}, a key from {@link #packages}, lists through {@code filter}; empty when it is no longer held. */
  Optional<Listing> listing(String name, ReleaseFilter filter) throws IOException;

  /**
   * The versions a document lists, and the one its clients install by default ({@code latest}, Maven's {@code
   * release}) when it has such a tag.
   *
   * @param name the package as its ecosystem names it ({@code group:artifact}, {@code @scope/name})
   */
  record Listing(String name, List<String> versions, Optional<String> latest) {
    public Listing {
      requireNonNull(name, "name");
      versions = List.copyOf(versions);
      requireNonNull(latest, "latest");
    }
  }
}
