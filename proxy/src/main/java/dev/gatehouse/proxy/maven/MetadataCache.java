package dev.gatehouse.proxy.maven;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.proxy.store.RefusedFiles;
import dev.gatehouse.proxy.store.VerdictStore;
import dev.gatehouse.proxy.upstream.UpstreamClient;
import dev.gatehouse.proxy.upstream.UpstreamResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code maven-metadata.xml}, merged across the repository group and kept for {@code cache.metadataTtl};
 * on every request the versions with a stored QUARANTINE or BLOCK verdict are removed, so that an approval
 * or a new refusal shows at once and resolvers pick a version Gatehouse will serve. Thread-safe; blocking.
 */
final class MetadataCache {
  private static final Logger log = LoggerFactory.getLogger(MetadataCache.class);
  /** Documents kept in memory at most; each is one package's version list. */
  private static final long MAX_DOCUMENTS = 10_000;

  private final RepositoryGroup group;
  private final VerdictStore verdicts;
  private final UpstreamClient.SizeLimit limit;
  private final Cache<String, Upstream> documents;
  private final Clock clock;

  /** The merged upstream document and when it was fetched. */
  private record Upstream(byte[] xml, Instant fetchedAt) {}

  /** A document to serve, already filtered. */
  record Document(byte[] xml, Instant fetchedAt, List<String> removed) {}

  MetadataCache(RepositoryGroup group, VerdictStore verdicts, long maxMetadataBytes, Duration ttl, Clock clock) {
    this.group = group;
    this.verdicts = verdicts;
    this.limit = new UpstreamClient.SizeLimit(maxMetadataBytes, "limits.maxMetadataBytes");
    this.documents = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(MAX_DOCUMENTS).build();
    this.clock = clock;
  }

  /** The filtered document, or the upstream response that explains why there is none. */
  record Result(Optional<Document> document, UpstreamResponse missing) {}

  Result get(MavenPath path) throws IOException {
    String key = path.subject().relative();
    Upstream upstream = documents.getIfPresent(key);
    if (upstream == null) {
      RepositoryGroup.Outcome outcome = group.all(key, limit);
      if (outcome.found().isEmpty()) {
        UpstreamResponse why = outcome.failure() != null ? outcome.failure()
            : new UpstreamResponse.NotFound(group.first(key));
        return new Result(Optional.empty(), why);
      }
      upstream = new Upstream(merge(outcome.found()), clock.instant());
      documents.put(key, upstream);
    }
    MavenMetadata doc = MavenMetadata.parse(upstream.xml());
    List<String> removed = List.of();
    Optional<String> groupId = doc.groupId();
    Optional<String> artifactId = doc.artifactId();
    if (groupId.isPresent() && artifactId.isPresent()) {
      RefusedFiles refused = verdicts.refused(Ecosystem.MAVEN, groupId.get() + ":" + artifactId.get());
      if (!refused.isEmpty()) {
        removed = doc.removeVersions(refused::refusesVersion);
      }
    }
    byte[] xml = removed.isEmpty() ? upstream.xml() : doc.toBytes();
    return new Result(Optional.of(new Document(xml, upstream.fetchedAt(), removed)), null);
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
