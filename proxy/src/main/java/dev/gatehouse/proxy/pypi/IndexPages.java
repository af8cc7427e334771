package dev.gatehouse.proxy.pypi;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.metadata.MetadataDocuments.Fetched;
import dev.gatehouse.core.metadata.MetadataDocuments.Lookup;
import dev.gatehouse.core.metadata.MetadataDocuments;
import dev.gatehouse.core.store.FetchClaims;
import dev.gatehouse.core.upstream.UpstreamClient;
import dev.gatehouse.core.upstream.UpstreamResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/**
 * The upstream index's pages, a project's page and the project list, kept in the shared {@link
 * MetadataDocuments}: fresh for {@code cache.metadataTtl}, served stale when the upstream then fails (stale beats
 * a broken build, and the files a page lists are verified against their digests all the same), a project the
 * upstream does not have remembered for {@code cache.notFoundTtl}, one fetch per page at a time. Thread-safe;
 * blocking.
 */
final class IndexPages {
  /** Upstream bytes of project pages kept in memory at most; beyond this the least used are dropped early. */
  private static final long MAX_CACHED_BYTES = 128L << 20;
  /** The project list of pypi.org runs to tens of MB; one copy is kept. */
  private static final long MAX_PROJECT_LIST_BYTES = 256L << 20;
  /** PEP 691 content negotiation: JSON carries PEP 700's upload times, which the cooldown needs. */
  static final Map<String, String> ACCEPT = Map.of("Accept", "application/vnd.pypi.simple.v1+json, "
      + "application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01");
  private static final String PROJECT_LIST = "";

  private final URI index;
  private final UpstreamClient upstream;
  private final PageReader reader;
  private final UpstreamClient.SizeLimit limit;
  private final Duration notFoundTtl;
  private final MetadataDocuments<ProjectPage> projectPages;
  private final MetadataDocuments<List<String>> projectList;

  /** How the bytes of one kind of page are read. */
  @FunctionalInterface
  private interface Read<T> {
    T read(URI url, byte[] body) throws PageReader.UnreadablePage;
  }

  IndexPages(URI index, UpstreamClient upstream, PageReader reader, long maxMetadataBytes, Duration ttl,
      Duration notFoundTtl, FetchClaims claims, Clock clock) {
    this.index = requireNonNull(index, "index");
    this.upstream = requireNonNull(upstream, "upstream");
    this.reader = requireNonNull(reader, "reader");
    this.limit = new UpstreamClient.SizeLimit(maxMetadataBytes, "limits.maxMetadataBytes");
    this.notFoundTtl = requireNonNull(notFoundTtl, "notFoundTtl");
    this.projectPages = new MetadataDocuments<>("index page", ttl, notFoundTtl, MAX_CACHED_BYTES, page -> { },
        claims, clock);
    this.projectList = new MetadataDocuments<>("project list", ttl, notFoundTtl, MAX_PROJECT_LIST_BYTES,
        list -> { }, claims, clock);
  }

  /** The normalized names of the projects whose pages are held now, sorted, at most {@code limit}. */
  List<String> heldProjects(int limit) {
    return projectPages.keys(limit);
  }

  /** The page of {@code project} held now, fresh or not, without asking the upstream. */
  Optional<ProjectPage> heldPage(ProjectName project) {
    return projectPages.current(project.normalized()).map(Lookup.Found::document);
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
    return projectPages.get(project.normalized(),
        () -> fetch(pageUrl(project), (url, body) -> reader.project(project, url, body)));
  }

  /**
   * {@code project}'s page fetched again unless the kept copy is younger than {@code cache.notFoundTtl}: for a
   * file the kept copy does not list, which may have been uploaded since.
   */
  Lookup<ProjectPage> refreshed(ProjectName project) throws IOException {
    return projectPages.get(project.normalized(), notFoundTtl,
        () -> fetch(pageUrl(project), (url, body) -> reader.project(project, url, body)));
  }

  /** The project list (the index's root page): the names as the index spells them. */
  Lookup<List<String>> projects() throws IOException {
    return projectList.get(PROJECT_LIST, () -> fetch(index, (url, body) -> reader.projectList(body)));
  }

  private <T> Fetched<T> fetch(URI url, Read<T> read) throws IOException {
    UpstreamResponse response = upstream.fetch(url, limit, ACCEPT);
    if (response instanceof UpstreamResponse.NotFound) {
      return new Fetched.NotFound<>(url);
    }
    if (response instanceof UpstreamResponse.Failed failed) {
      return new Fetched.Failed<>(failed.sentence(), failed.timedOut());
    }
    UpstreamResponse.Found found = (UpstreamResponse.Found) response;
    byte[] body;
    try {
      body = Files.readAllBytes(found.download().file());
    } finally {
      found.download().discard();
    }
    try {
      return new Fetched.Document<>(read.read(url, body), body.length);
    } catch (PageReader.UnreadablePage unreadable) {
      return new Fetched.Failed<>(url + ": " + unreadable.getMessage(), false);
    }
  }
}
