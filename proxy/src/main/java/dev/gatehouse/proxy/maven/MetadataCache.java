package dev.gatehouse.proxy.maven;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.metadata.MetadataDocuments.Fetched;
import dev.gatehouse.core.metadata.MetadataDocuments.Lookup;
import dev.gatehouse.core.metadata.MetadataDocuments;
import dev.gatehouse.core.metadata.ReleaseFilter;
import dev.gatehouse.core.upstream.UpstreamClient;
import dev.gatehouse.core.upstream.UpstreamResponse;
import dev.gatehouse.policy.Ecosystem;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code maven-metadata.xml}, merged across the repository group and kept in the shared {@link
 * MetadataDocuments} (TTL, not-found, stale on upstream failure, one fetch at a time); on every request the
 * {@link ReleaseFilter} takes out refused, deny-listed and too-young versions, so that a range resolves to a
 * version Gatehouse will serve. Maven publishes no per-version time: the cooldown reads the metadata's {@code
 * lastUpdated} as the publish time of the version the last deploy added ({@link MavenMetadata#newest}), and
 * holds no other version back. Thread-safe; blocking.
 */
final class MetadataCache {
  private static final Logger log = LoggerFactory.getLogger(MetadataCache.class);

  private final RepositoryGroup group;
  private final ReleaseFilter filter;
  private final UpstreamClient.SizeLimit limit;
  private final MetadataDocuments<byte[]> documents;

  /** A document to serve, already filtered; {@code warning} is the {@code Warning} header of a stale copy. */
  record Document(byte[] xml, Instant fetchedAt, List<String> removed, Optional<String> warning) {}

  /** The filtered document, or the upstream response that explains why there is none. */
  record Result(Optional<Document> document, UpstreamResponse missing) {}

  MetadataCache(RepositoryGroup group, ReleaseFilter filter, MetadataDocuments<byte[]> documents,
      long maxMetadataBytes) {
    this.group = requireNonNull(group, "group");
    this.filter = requireNonNull(filter, "filter");
    this.documents = requireNonNull(documents, "documents");
    this.limit = new UpstreamClient.SizeLimit(maxMetadataBytes, "limits.maxMetadataBytes");
  }

  Result get(MavenPath path) throws IOException {
    String key = path.subject().relative();
    Lookup<byte[]> lookup = documents.get(key, () -> fetch(key));
    if (lookup instanceof Lookup.Missing<byte[]> missing) {
      return new Result(Optional.empty(), new UpstreamResponse.NotFound(missing.uri()));
    }
    if (lookup instanceof Lookup.Unavailable<byte[]> unavailable) {
      return new Result(Optional.empty(),
          new UpstreamResponse.Failed(group.first(key), unavailable.sentence(), unavailable.timedOut()));
    }
    Lookup.Found<byte[]> found = (Lookup.Found<byte[]>) lookup;
    MavenMetadata doc = MavenMetadata.parse(found.document());
    List<String> removed = withhold(doc, filter);
    byte[] xml = removed.isEmpty() ? found.document() : doc.toBytes();
    return new Result(Optional.of(new Document(xml, found.fetchedAt(), removed, found.warning())), null);
  }

  /** Takes out of {@code doc} the versions {@code filter} hides, repairing its tags; returns those taken out. */
  static List<String> withhold(MavenMetadata doc, ReleaseFilter filter) throws IOException {
    Optional<String> groupId = doc.groupId();
    Optional<String> artifactId = doc.artifactId();
    if (groupId.isEmpty() || artifactId.isEmpty()) {
      return List.of();
    }
    String name = groupId.get() + ":" + artifactId.get();
    ReleaseFilter.Pass pass = filter.pass(Ecosystem.MAVEN, name);
    Optional<String> newest = doc.newest();
    Optional<Instant> deployed = doc.lastUpdated();
    return doc.removeVersions(version -> pass.version(name + ":" + version, version,
        newest.filter(version::equals).flatMap(v -> deployed)).filter(ReleaseFilter.Withheld::hidden).isPresent());
  }

  private Fetched<byte[]> fetch(String key) throws IOException {
    return fetch(group, key, limit);
  }

  /** {@code key}'s document from every repository of {@code group} that has it, merged. */
  static Fetched<byte[]> fetch(RepositoryGroup group, String key, UpstreamClient.SizeLimit limit)
      throws IOException {
    RepositoryGroup.Outcome outcome = group.all(key, limit);
    if (outcome.found().isEmpty()) {
      return outcome.failure() != null
          ? new Fetched.Failed<>(outcome.failure().sentence(), outcome.failure().timedOut())
          : new Fetched.NotFound<>(group.first(key));
    }
    try {
      byte[] merged = merge(outcome.found());
      return new Fetched.Document<>(merged, merged.length);
    } catch (IOException malformed) {
      return new Fetched.Failed<>(malformed.getMessage(), false);
    }
  }

  private static byte[] merge(List<UpstreamResponse.Found> found) throws IOException {
    try {
      MavenMetadata merged = null;
      byte[] first = null;
      for (UpstreamResponse.Found f : found) {
        byte[] xml = Files.readAllBytes(f.download().file());
        MavenMetadata doc;
        try {
          doc = MavenMetadata.parse(xml);
        } catch (IOException malformed) {
          log.warn("ignoring malformed maven-metadata.xml from {}: {}", f.uri(), malformed.getMessage());
          continue;
        }
        if (merged == null) {
          merged = doc;
          first = xml;
        } else {
          merged.merge(doc);
        }
      }
      if (merged == null) {
        throw new IOException("no upstream sent a well-formed maven-metadata.xml");
      }
      return found.size() == 1 ? first : merged.toBytes();
    } finally {
      for (UpstreamResponse.Found f : found) {
        f.download().discard();
      }
    }
  }
}
