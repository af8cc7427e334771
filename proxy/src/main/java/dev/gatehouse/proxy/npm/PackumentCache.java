package dev.gatehouse.proxy.npm;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.gatehouse.proxy.upstream.Download;
import dev.gatehouse.proxy.upstream.UpstreamClient;
import dev.gatehouse.proxy.upstream.UpstreamResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream packuments, each kept as the file it was downloaded to and indexed once. A copy is fresh for
 * {@code cache.metadataTtl}; after that the next request fetches it again, and when the upstream fails the
 * last good copy is served as stale rather than failing installs. An upstream 404 is remembered for {@code
 * cache.notFoundTtl}. Concurrent requests for one package share one upstream fetch. Files live in the data
 * directory's {@code tmp/}, which is cleared at start, and are deleted when their entry goes. Thread-safe;
 * blocking.
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
  /** Packages remembered as missing upstream at most. */
  static final long MAX_MISSING_ENTRIES = 100_000;

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
  private final Duration ttl;
  private final Clock clock;
  private final Cache<String, Entry> entries;
  private final Cache<String, URI> missing;
  private final ConcurrentHashMap<String, CompletableFuture<Lookup>> inFlight = new ConcurrentHashMap<>();

  PackumentCache(URI registry, UpstreamClient upstream, PackumentJson json, long maxMetadataBytes, Duration ttl,
      Duration notFoundTtl, Clock clock) {
    this.registry = requireNonNull(registry, "registry");
    this.upstream = requireNonNull(upstream, "upstream");
    this.json = requireNonNull(json, "json");
    this.limit = new UpstreamClient.SizeLimit(maxMetadataBytes, "limits.maxMetadataBytes");
    this.ttl = requireNonNull(ttl, "ttl");
    this.clock = requireNonNull(clock, "clock");
    // Removal runs on the thread that caused it, so a replaced file is gone when put() returns.
    this.entries = Caffeine.newBuilder()
        .maximumWeight(MAX_CACHED_BYTES)
        .weigher((String name, Entry e) -> (int) Math.min(Integer.MAX_VALUE, Math.max(1, e.size())))
        .executor(Runnable::run)
        .removalListener((String name, Entry e, RemovalCause cause) -> delete(e))
        .build();
    this.missing = Caffeine.newBuilder().expireAfterWrite(notFoundTtl).maximumSize(MAX_MISSING_ENTRIES).build();
  }

  /** The packument of {@code name}: cached when fresh, otherwise fetched, or the stale copy when that fails. */
  Lookup get(NpmName name) throws IOException {
    return get(name, ttl);
  }

  /**
   * Like {@link #get(NpmName)}, but a copy older than {@link #MIN_REFRESH_AGE} is fetched again: for a tarball
   * that the copy does not list, because a lockfile may name a version published after the copy was fetched.
   */
  Lookup refreshed(NpmName name) throws IOException {
    return get(name, MIN_REFRESH_AGE.compareTo(ttl) < 0 ? MIN_REFRESH_AGE : ttl);
  }

  private Lookup get(NpmName name, Duration maxAge) throws IOException {
    String key = name.full();
    Entry cached = entries.getIfPresent(key);
    if (cached != null && Duration.between(cached.fetchedAt(), clock.instant()).compareTo(maxAge) < 0) {
      return new Found(cached, Optional.empty());
    }
    URI knownMissing = missing.getIfPresent(key);
    if (cached == null && knownMissing != null) {
      return new Missing(knownMissing);
    }
    Lookup fetched = shared(name);
    if (fetched instanceof Failed failed) {
      Entry last = entries.getIfPresent(key);
      if (last != null) {
        log.warn("serving the packument of {} fetched at {}: {}", key, last.fetchedAt(), failed.sentence());
        return new Found(last, Optional.of(failed.sentence()));
      }
    }
    return fetched;
  }

  /** The copy held now, fresh or not, without asking the upstream. */
  Optional<Entry> current(NpmName name) {
    return Optional.ofNullable(entries.getIfPresent(name.full()));
  }

  /** The upstream URL of the packument of {@code name}. */
  URI location(NpmName name) {
    return registry.resolve(name.escaped());
  }

  /** One upstream fetch per package at a time; late arrivals wait for the running one. */
  private Lookup shared(NpmName name) throws IOException {
    CompletableFuture<Lookup> mine = new CompletableFuture<>();
    CompletableFuture<Lookup> running = inFlight.putIfAbsent(name.full(), mine);
    if (running != null) {
      return await(running, name);
    }
    try {
      mine.complete(fetch(name));
    } catch (IOException | RuntimeException e) {
      mine.completeExceptionally(e);
    } finally {
      inFlight.remove(name.full(), mine);
    }
    return await(mine, name);
  }

  private Lookup fetch(NpmName name) throws IOException {
    URI uri = location(name);
    UpstreamResponse response = upstream.fetch(uri, limit);
    if (response instanceof UpstreamResponse.NotFound) {
      missing.put(name.full(), uri);
      entries.invalidate(name.full()); // unpublished upstream: no stale copy outlives that
      return new Missing(uri);
    }
    if (response instanceof UpstreamResponse.Failed failed) {
      return new Failed(failed.sentence(), failed.timedOut());
    }
    Download download = ((UpstreamResponse.Found) response).download();
    PackumentIndex index;
    try {
      index = PackumentIndex.read(download.file(), name, json);
    } catch (IOException malformed) {
      download.discard();
      String sentence = "the packument %s sent is unusable: %s".formatted(uri, json.describe(malformed));
      log.warn(sentence);
      return new Failed(sentence, false);
    }
    Entry entry = new Entry(download.file(), download.sha256(), download.size(), clock.instant(), index);
    entries.put(name.full(), entry);
    missing.invalidate(name.full());
    return new Found(entry, Optional.empty());
  }

  private static Lookup await(CompletableFuture<Lookup> future, NpmName name) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the packument of " + name, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new UncheckedIOException(new IOException(cause));
    }
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
