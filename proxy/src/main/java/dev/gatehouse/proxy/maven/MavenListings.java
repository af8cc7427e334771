package dev.gatehouse.proxy.maven;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.metadata.HeldListings;
import dev.gatehouse.core.metadata.MetadataDocuments;
import dev.gatehouse.core.metadata.ReleaseFilter;
import dev.gatehouse.policy.Ecosystem;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The {@code maven-metadata.xml} documents held now, as the versions and the {@code release} tag Maven is shown.
 * Only artifact-level documents ({@code group/artifact/maven-metadata.xml}) name a package; others are skipped.
 */
public final class MavenListings implements HeldListings {
  private final MetadataDocuments<byte[]> documents;

  public MavenListings(MetadataDocuments<byte[]> documents) {
    this.documents = requireNonNull(documents, "documents");
  }

  @Override
  public Ecosystem ecosystem() {
    return Ecosystem.MAVEN;
  }

  /** The keys of held documents ({@code org/example/lib/maven-metadata.xml}), which {@link #listing} reads. */
  @Override
  public List<String> packages(int limit) {
    return documents.keys(limit);
  }

  @Override
  public Optional<Listing> listing(String key, ReleaseFilter filter) throws IOException {
    Optional<MetadataDocuments.Lookup.Found<byte[]>> held = documents.current(key);
    if (held.isEmpty()) {
      return Optional.empty();
    }
    MavenMetadata doc;
    try {
      doc = MavenMetadata.parse(held.get().document());
    } catch (IOException malformed) {
      return Optional.empty(); // never served either: requests for it answer the upstream's failure
    }
    if (doc.groupId().isEmpty() || doc.artifactId().isEmpty()) {
      return Optional.empty();
    }
    MetadataCache.withhold(doc, filter);
    return Optional.of(new Listing(doc.groupId().get() + ":" + doc.artifactId().get(), doc.versions(),
        doc.release()));
  }
}
