package dev.gatehouse.core.metadata;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.gatehouse.core.store.FetchClaims;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one cache of upstream metadata documents ({@code maven-metadata.xml}, npm packuments, PyPI simple pages),
 * each kept as the registry read it, before any filtering. A copy is fresh for {@code cache.metadataTtl}; after
 * that the next request fetches it again, and when the upstream fails the last good copy is served as stale
 * ({@link Lookup.Found#staleBecause}, which routes turn into a {@code Warning} header) rather than failing the
 * build. An upstream 404 is remembered for {@code cache.notFoundTtl}. Concurrent requests for one key share one
 * upstream fetch ({@link FetchClaims}), whose claim ends when it completes either way, so a failure is retried
 * and never cached. The documents held weigh at most {@code maxWeight} (their size in bytes, as the caller weighs
 * them); the least used go first, and {@code onRemoval} then releases what a document holds (a scratch file).
 * Thread-safe; {@link #get} blocks on the fetch.
 *
 * @param <D> the document as its registry reads it
 */
public final class MetadataDocuments<D> {
  private static final Logger log = LoggerFactory.getLogger(MetadataDocuments.class);

  /** Fetches one document from the upstream; called at most once at a time per key. */
  @FunctionalInterface
  public interface Fetch<D> {
    Fetched<D> fetch() throws IOException;
  }

  /** What the upstream answered for one document. */
  public sealed interface Fetched<D> {
    /** The document and its weight (bytes) in the cache. */
    record Document<D>(D document, long weight) implements Fetched<D> {}

    /** The upstream does not have it (404 or 410). */
    record NotFound<D>(URI uri) implements Fetched<D> {}

    /** The upstream failed, or sent something unusable; the sentence says how. */
    record Failed<D>(String sentence, boolean timedOut) implements Fetched<D> {}
  }

  /** The answer for one key. */
  public sealed interface Lookup<D> {
    /**
     * A document to serve.
     *
     * @param staleBecause why a copy older than {@code cache.metadataTtl} is served: the upstream's failure
     */
    record Found<D>(D document, Instant fetchedAt, Optional<String> staleBecause) implements Lookup<D> {
      /** The {@code Warning} header (RFC 7234 §5.5.1, 110 "Response is Stale") for a stale copy. */
      public Optional<String> warning() {
        return staleBecause.map(why -> StaleWarning.of(fetchedAt, why));
      }
    }

    /** The upstream does not have it. */
    record Missing<D>(URI uri) implements Lookup<D> {}

    /** The upstream failed and no earlier copy is kept. */
    record Unavailable<D>(String sentence, boolean timedOut) implements Lookup<D> {}
  }

  private sealed interface Held<D> {
    Instant at();
  }

  private record Kept<D>(D document, Instant at, long weight) implements Held<D> {}

  private record Absent<D>(URI uri, Instant at) implements Held<D> {}

  private final String what;
  private final Duration ttl;
  private final Duration notFoundTtl;
  private final Clock clock;
  private final Cache<String, Held<D>> held;
  private final FetchClaims claims;

  /**
   * @param what the documents' name, for logs ("maven-metadata.xml", "packument", "index page")
   * @param onRemoval releases what a document that leaves the cache holds; runs on the thread that caused it
   */
  public MetadataDocuments(String what, Duration ttl, Duration notFoundTtl, long maxWeight, Consumer<D> onRemoval,
      FetchClaims claims, Clock clock) {
    this.what = requireNonNull(what, "what");
    this.claims = requireNonNull(claims, "claims");
    this.ttl = requireNonNull(ttl, "ttl");
    this.notFoundTtl = requireNonNull(notFoundTtl, "notFoundTtl");
    this.clock = requireNonNull(clock, "clock");
    requireNonNull(onRemoval, "onRemoval");
    // Removal runs on the calling thread, so a replaced document's file is gone when put() returns.
    this.held = Caffeine.newBuilder()
        .maximumWeight(maxWeight)
        .weigher((String key, Held<D> h) -> h instanceof Kept<D> k ? (int) Math.min(Integer.MAX_VALUE, k.weight()) : 1)
        .executor(Runnable::run)
        .removalListener((String key, Held<D> h, RemovalCause cause) -> {
          if (h instanceof Kept<D> kept) {
            onRemoval.accept(kept.document());
          }
        })
        .build();
  }

  /** {@code cache.metadataTtl}. */
  public Duration ttl() {
    return ttl;
  }

  /** The document under {@code key}: the kept copy while younger than {@code cache.metadataTtl}, else fetched. */
  public Lookup<D> get(String key, Fetch<D> fetch) throws IOException {
    return get(key, ttl, fetch);
  }

  /**
   * Like {@link #get(String, Fetch)}, but a copy at least {@code maxAge} old is fetched again (when {@code maxAge}
   * is shorter than the TTL): for a file the kept copy does not list, which may have been published since.
   */
  public Lookup<D> get(String key, Duration maxAge, Fetch<D> fetch) throws IOException {
    Duration limit = maxAge.compareTo(ttl) < 0 ? maxAge : ttl;
    Held<D> cached = held.getIfPresent(key);
    if (cached instanceof Kept<D> kept && age(kept).compareTo(limit) < 0) {
      return new Lookup.Found<>(kept.document(), kept.at(), Optional.empty());
    }
    if (cached instanceof Absent<D> absent && age(absent).compareTo(notFoundTtl) < 0) {
      return new Lookup.Missing<>(absent.uri());
    }
    return shared(key, fetch);
  }

  /** The copy held now, fresh or not, without asking the upstream. */
  public Optional<Lookup.Found<D>> current(String key) {
    return held.getIfPresent(key) instanceof Kept<D> kept
        ? Optional.of(new Lookup.Found<>(kept.document(), kept.at(), Optional.empty())) : Optional.empty();
  }

  /** The keys of the documents held now (not the remembered 404s), sorted, at most {@code limit}. */
  public List<String> keys(int limit) {
    return held.asMap().entrySet().stream()
        .filter(e -> e.getValue() instanceof Kept<D>)
        .map(Map.Entry::getKey)
        .sorted()
        .limit(limit)
        .toList();
  }

  /** Forgets {@code key}: the next request fetches it again. */
  public void invalidate(String key) {
    held.invalidate(key);
  }

  private Duration age(Held<D> h) {
    return Duration.between(h.at(), clock.instant());
  }

  /** One upstream fetch per key at a time; late arrivals wait for the running one and share its answer. */
  private Lookup<D> shared(String key, Fetch<D> fetch) throws IOException {
    CompletableFuture<Lookup<D>> answer = claims.claim(new Claim(what, key), mine -> {
      try {
        mine.complete(fetchAndKeep(key, fetch));
      } catch (IOException | RuntimeException e) {
        mine.completeExceptionally(e);
      }
    });
    return await(answer, key);
  }

  /** The claim of one document: documents of different kinds may share a key. */
  private record Claim(String what, String key) {}

  private Lookup<D> fetchAndKeep(String key, Fetch<D> fetch) throws IOException {
    Fetched<D> fetched = fetch.fetch();
    if (fetched instanceof Fetched.Document<D> doc) {
      Kept<D> kept = new Kept<>(doc.document(), clock.instant(), Math.max(1, doc.weight()));
      held.put(key, kept);
      return new Lookup.Found<>(kept.document(), kept.at(), Optional.empty());
    }
    if (fetched instanceof Fetched.NotFound<D> notFound) {
      held.put(key, new Absent<>(notFound.uri(), clock.instant())); // deleted upstream: no stale copy outlives that
      return new Lookup.Missing<>(notFound.uri());
    }
    Fetched.Failed<D> failed = (Fetched.Failed<D>) fetched;
    if (held.getIfPresent(key) instanceof Kept<D> last) {
      log.warn("serving the {} '{}' fetched at {}: {}", what, key, last.at(), failed.sentence());
      return new Lookup.Found<>(last.document(), last.at(), Optional.of(failed.sentence()));
    }
    return new Lookup.Unavailable<>(failed.sentence(), failed.timedOut());
  }

  private Lookup<D> await(CompletableFuture<Lookup<D>> future, String key) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the " + what + " '" + key + "'", e);
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
}
