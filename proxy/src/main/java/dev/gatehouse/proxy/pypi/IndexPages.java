package dev.gatehouse.proxy.pypi;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.proxy.upstream.UpstreamClient;
import dev.gatehouse.proxy.upstream.UpstreamResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstream index's pages, kept for {@code cache.metadataTtl}: a project's page and the project list.
 * A copy older than that is fetched again; when the upstream then fails, the old copy is served (stale
 * beats a broken build, and the files it lists are verified against their digests all the same). A project
 * the upstream does not have is remembered for {@code cache.notFoundTtl}. One fetch per page at a time:
 * concurrent requests for a page wait for the fetch already running. Thread-safe; blocking.
 */
final class IndexPages {
  private static final Logger log = LoggerFactory.getLogger(IndexPages.class);
  /** Upstream bytes of the pages kept in memory at most; beyond this the least used are dropped early. */
  private static final long MAX_CACHED_BYTES = 128L << 20;
  /** Lock stripes: fetches of different pages rarely wait for each other, and the locks stay few. */
  private static final int STRIPES = 64;
  /** PEP 691 content negotiation: JSON carries PEP 700's upload times, which the cooldown needs. */
  static final Map<String, String> ACCEPT = Map.of("Accept", "application/vnd.pypi.simple.v1+json, "
      + "application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01");
  private static final String PROJECT_LIST = "";

  private final URI index;
  private final UpstreamClient upstream;
  private final PageReader reader;
  private final UpstreamClient.SizeLimit limit;
  private final Duration ttl;
  private final Duration notFoundTtl;
  private final Clock clock;
  private final Cache<String, Cached> pages;
  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

  /** What the cache holds for one page: its content (a {@link ProjectPage} or the project list) or its absence. */
  private sealed interface Cached {
    Instant at();
  }

  private record Page(Object content, Instant at, int weight) implements Cached {}

  private record Missing(Instant at) implements Cached {}

  /** The answer for one page, whose content is a {@code T}. */
  sealed interface Lookup<T> {
    /** The page; {@code stale} when the upstream failed and an older copy stands in. */
    record Found<T>(T content, Instant fetchedAt, boolean stale) implements Lookup<T> {}

    /** The upstream does not have it (404 or 410). */
    record Absent<T>() implements Lookup<T> {}

    /** The upstream failed and no copy is kept; the sentence says how. */
    record Unavailable<T>(String sentence, boolean timedOut) implements Lookup<T> {}
  }

  /** How the bytes of one kind of page are read. */
  @FunctionalInterface
  private interface Read<T> {
    T read(URI url, byte[] body) throws PageReader.UnreadablePage;
  }

  IndexPages(URI index, UpstreamClient upstream, PageReader reader, long maxMetadataBytes, Duration ttl,
      Duration notFoundTtl, Clock clock) {
    this.index = requireNonNull(index, "index");
    this.upstream = requireNonNull(upstream, "upstream");
    this.reader = requireNonNull(reader, "reader");
    this.limit = new UpstreamClient.SizeLimit(maxMetadataBytes, "limits.maxMetadataBytes");
    this.ttl = requireNonNull(ttl, "ttl");
    this.notFoundTtl = requireNonNull(notFoundTtl, "notFoundTtl");
    this.clock = requireNonNull(clock, "clock");
    this.pages = Caffeine.newBuilder().maximumWeight(MAX_CACHED_BYTES)
        .weigher((String key, Cached c) -> c instanceof Page p ? p.weight() : 1).build();
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /** {@code upstreams.pypi.index}. */
  URI index() {
    return index;
  }

  /** The upstream URL of {@code project}'s page. */
  URI pageUrl(ProjectName project) {
    return index.resolve(project.normalized() + "/");
  }

  /** {@code project}'s page: the kept copy while fresh, else fetched. */
  Lookup<ProjectPage> project(ProjectName project) throws IOException {
    return lookup(project.normalized(), pageUrl(project), ttl, (url, body) -> reader.project(project, url, body));
  }

  /**
   * {@code project}'s page fetched again unless the kept copy is younger than {@code cache.notFoundTtl}: for a
   * file the kept copy does not list, which may have been uploaded since.
   */
  Lookup<ProjectPage> refreshed(ProjectName project) throws IOException {
    return lookup(project.normalized(), pageUrl(project), notFoundTtl.compareTo(ttl) < 0 ? notFoundTtl : ttl,
        (url, body) -> reader.project(project, url, body));
  }

  /** The project list (the index's root page): the names as the index spells them. */
  Lookup<List<String>> projects() throws IOException {
    return lookup(PROJECT_LIST, index, ttl, (url, body) -> reader.projectList(body));
  }

  private <T> Lookup<T> lookup(String key, URI url, Duration maxAge, Read<T> read) throws IOException {
    Cached cached = pages.getIfPresent(key);
    if (cached != null && fresh(cached, maxAge)) {
      return answer(cached, false);
    }
    ReentrantLock lock = locks[Math.floorMod(key.hashCode(), STRIPES)];
    lock.lock();
    try {
      // Whoever held the lock before may have just fetched this page.
      cached = pages.getIfPresent(key);
      if (cached != null && fresh(cached, maxAge)) {
        return answer(cached, false);
      }
      return fetch(key, url, read, cached);
    } finally {
      lock.unlock();
    }
  }

  private <T> Lookup<T> fetch(String key, URI url, Read<T> read, Cached previous) throws IOException {
    UpstreamResponse response = upstream.fetch(url, limit, ACCEPT);
    if (response instanceof UpstreamResponse.NotFound) {
      Missing missing = new Missing(clock.instant());
      pages.put(key, missing);
      return answer(missing, false);
    }
    if (response instanceof UpstreamResponse.Failed failed) {
      return staleOr(key, previous, failed.sentence(), failed.timedOut());
    }
    UpstreamResponse.Found found = (UpstreamResponse.Found) response;
    byte[] body;
    try {
      body = Files.readAllBytes(found.download().file());
    } finally {
      found.download().discard();
    }
    Page page;
    try {
      page = new Page(read.read(url, body), clock.instant(), Math.max(1, body.length));
    } catch (PageReader.UnreadablePage unreadable) {
      return staleOr(key, previous, url + ": " + unreadable.getMessage(), false);
    }
    pages.put(key, page);
    return answer(page, false);
  }

  private <T> Lookup<T> staleOr(String key, Cached previous, String sentence, boolean timedOut) {
    if (previous instanceof Page page) {
      log.warn("serving the copy of index page '{}' from {}: {}", key, page.at(), sentence);
      return answer(page, true);
    }
    return new Lookup.Unavailable<>(sentence, timedOut);
  }

  @SuppressWarnings("unchecked") // a key's content is always read by the same Read, so it has the caller's type
  private static <T> Lookup<T> answer(Cached cached, boolean stale) {
    if (cached instanceof Page page) {
      return new Lookup.Found<>((T) page.content(), page.at(), stale);
    }
    return new Lookup.Absent<>();
  }

  private boolean fresh(Cached cached, Duration maxAge) {
    Duration age = Duration.between(cached.at(), clock.instant());
    Duration limit = cached instanceof Missing ? notFoundTtl : maxAge;
    return age.compareTo(limit) < 0;
  }

}
