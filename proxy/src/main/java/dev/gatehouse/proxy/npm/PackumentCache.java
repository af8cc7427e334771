package dev.gatehouse.proxy.npm;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.metadata.MetadataDocuments.Fetched;
import dev.gatehouse.core.metadata.MetadataDocuments;
import dev.gatehouse.core.store.FetchClaims;
import dev.gatehouse.core.store.ScratchSpace;
import dev.gatehouse.core.upstream.Download;
import dev.gatehouse.core.upstream.UpstreamClient;
import dev.gatehouse.core.upstream.UpstreamResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream packuments, each kept as the file it was downloaded to and indexed once, in the shared {@link
 * MetadataDocuments} (TTL, not-found caching, stale copy on upstream failure, one fetch per package at a time).
 * Files live in the data directory's {@code tmp/}, which is cleared at start, and are deleted when their entry
 * goes. Thread-safe; blocking.
 */
final class PackumentCache {
  private static final Logger log = LoggerFactory.getLogger(PackumentCache.class);
  /**
   * Bytes of packuments kept on disk at most; beyond this the least used go first. Popular packuments run to
   * several MB ({@code @types/node} about 9), and a project's tree has hundreds of packages. Each kept packument
   * also holds its index in memory, a tenth to a quarter of its size, so this bounds the heap they take too.
   */
  static final long MAX_CACHED_BYTES = 1L << 30;
  /** The youngest copy that a request for a tarball it does not list fetches again; bounds upstream traffic. */
  static final Duration MIN_REFRESH_AGE = Duration.ofSeconds(10);

  /** One upstream packument: its file, digest, when it was fetched, and its index. */
  record Entry(Path file, String sha256, long size, Instant fetchedAt, PackumentIndex index) {
    Entry {
      requireNonNull(file, "file");
      requireNonNull(sha256, "sha256");
      requireNonNull(fetchedAt, "fetchedAt");
      requireNonNull(index, "index");
    }
  }

  /** What a look-up came to. */
  sealed interface Lookup {}

  /**
   * A packument to serve.
   *
   * @param staleBecause why a copy older than {@code cache.metadataTtl} is served: the upstream's failure
   */
  record Found(Entry entry, Optional<String> staleBecause) implements Lookup {}

  /** The upstream has no such package. */
  record Missing(URI uri) implements Lookup {}

  /** The upstream failed and no earlier copy is kept. */
  record Failed(String sentence, boolean timedOut) implements Lookup {}

  private final URI registry;
  private final UpstreamClient upstream;
  private final UpstreamClient.SizeLimit limit;
  private final PackumentJson json;
  private final ScratchSpace scratch;
  private final Clock clock;
  private final MetadataDocuments<Entry> documents;

  PackumentCache(URI registry, UpstreamClient upstream, PackumentJson json, long maxMetadataBytes, Duration ttl,
      Duration notFoundTtl, FetchClaims claims, ScratchSpace scratch, Clock clock) {
    this.registry = requireNonNull(registry, "registry");
    this.upstream = requireNonNull(upstream, "upstream");
    this.json = requireNonNull(json, "json");
    this.limit = new UpstreamClient.SizeLimit(maxMetadataBytes, "limits.maxMetadataBytes");
    this.scratch = requireNonNull(scratch, "scratch");
    this.clock = requireNonNull(clock, "clock");
    this.documents = new MetadataDocuments<>("packument", ttl, notFoundTtl, MAX_CACHED_BYTES, PackumentCache::delete,
        claims, clock);
  }

  /** The packument of {@code name}: cached when fresh, otherwise fetched, or the stale copy when that fails. */
  Lookup get(NpmName name) throws IOException {
    return answer(documents.get(name.full(), () -> fetch(name)));
  }

  /**
   * Like {@link #get(NpmName)}, but a copy older than {@link #MIN_REFRESH_AGE} is fetched again: for a tarball
   * that the copy does not list, because a lockfile may name a version published after the copy was fetched.
   */
  Lookup refreshed(NpmName name) throws IOException {
    return answer(documents.get(name.full(), MIN_REFRESH_AGE, () -> fetch(name)));
  }

  /** The copy held now, fresh or not, without asking the upstream. */
  Optional<Entry> current(NpmName name) {
    return documents.current(name.full()).map(MetadataDocuments.Lookup.Found::document);
  }

  /** The names of the packages whose packuments are held now, sorted, at most {@code limit}. */
  List<String> heldNames(int limit) {
    return documents.keys(limit);
  }

  /** The upstream URL of the packument of {@code name}. */
  URI location(NpmName name) {
    return registry.resolve(name.escaped());
  }

  private static Lookup answer(MetadataDocuments.Lookup<Entry> lookup) {
    if (lookup instanceof MetadataDocuments.Lookup.Found<Entry> found) {
      return new Found(found.document(), found.staleBecause());
    }
    if (lookup instanceof MetadataDocuments.Lookup.Missing<Entry> missing) {
      return new Missing(missing.uri());
    }
    MetadataDocuments.Lookup.Unavailable<Entry> failed = (MetadataDocuments.Lookup.Unavailable<Entry>) lookup;
    return new Failed(failed.sentence(), failed.timedOut());
  }

  private Fetched<Entry> fetch(NpmName name) throws IOException {
    URI uri = location(name);
    UpstreamResponse response = upstream.fetch(uri, limit);
    if (response instanceof UpstreamResponse.NotFound) {
      return new Fetched.NotFound<>(uri);
    }
    if (response instanceof UpstreamResponse.Failed failed) {
      return new Fetched.Failed<>(failed.sentence(), failed.timedOut());
    }
    Download download = ((UpstreamResponse.Found) response).download();
    PackumentIndex index;
    try {
      index = PackumentIndex.read(download.file(), name, json);
    } catch (IOException malformed) {
      download.discard();
      String sentence = "the packument %s sent is unusable: %s".formatted(uri, json.describe(malformed));
      log.warn(sentence);
      return new Fetched.Failed<>(sentence, false);
    }
    // The copy outlives this request but is never committed: it belongs in this node's scratch space.
    Path kept;
    try {
      kept = scratch.keep(download.file());
    } finally {
      download.discard();
    }
    return new Fetched.Document<>(new Entry(kept, download.sha256(), download.size(), clock.instant(),
        index), download.size());
  }

  private static void delete(Entry entry) {
    if (entry == null) {
      return;
    }
    try {
      Files.deleteIfExists(entry.file());
    } catch (IOException e) {
      log.warn("cannot delete the cached packument {}: {}", entry.file(), e.toString());
    }
  }
}
