package dev.gatehouse.proxy.pypi;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.config.CacheConfig;
import dev.gatehouse.config.LimitsConfig;
import dev.gatehouse.config.UpstreamsConfig.PypiUpstream;
import dev.gatehouse.core.gate.EcosystemAdapter;
import dev.gatehouse.core.gate.PublishedDigest;
import dev.gatehouse.core.gate.RequestTarget;
import dev.gatehouse.core.metadata.HeldListings;
import dev.gatehouse.core.metadata.MetadataDocuments;
import dev.gatehouse.core.store.FetchClaims;
import dev.gatehouse.core.store.KnownArtifact;
import dev.gatehouse.core.upstream.UpstreamClient;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageFacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What is particular to PyPI in the gate: a file is fetched from the URL its project's index page lists
 * (never from one a request makes up), verified against the SHA-256 that page gives, and held by the
 * cooldown from the PEP 700 {@code upload-time} it gives. A {@link RequestTarget}'s locator is the
 * file's locator ({@link FileHosts}).
 *
 * <p>When the index cannot be read and no copy of the page is kept, nothing is fetched: without the page there is
 * neither a URL Gatehouse may reach nor a digest to verify against. Thread-safe; blocking.
 */
public final class PypiAdapter implements EcosystemAdapter {
  private final IndexPages pages;
  private final FileHosts hosts;

  PypiAdapter(IndexPages pages, FileHosts hosts) {
    this.pages = requireNonNull(pages, "pages");
    this.hosts = requireNonNull(hosts, "hosts");
  }

  /** The adapter over {@code upstreams.pypi}, with index pages kept as {@code cache.*} and {@code limits.*} say. */
  public static PypiAdapter create(PypiUpstream upstreamConfig, UpstreamClient upstream, LimitsConfig limits,
      CacheConfig cache, FetchClaims claims, Clock clock) {
    IndexPages pages = new IndexPages(upstreamConfig.index(), upstream, new PageReader(limits.maxMetadataBytes()),
        limits.maxMetadataBytes(), cache.metadataTtl(), cache.notFoundTtl(), claims, clock);
    return new PypiAdapter(pages, new FileHosts(upstreamConfig));
  }

  /** The project pages held now, as the versions they list, for a policy's dry run. */
  public HeldListings heldListings() {
    return new PypiListings(pages, hosts);
  }

  IndexPages pages() {
    return pages;
  }

  FileHosts hosts() {
    return hosts;
  }

  @Override
  public Ecosystem ecosystem() {
    return Ecosystem.PYPI;
  }

  @Override
  public Locations locations(RequestTarget target) {
    try {
      Listed listed = listed(target);
      if (listed instanceof Listed.Yes yes) {
        return new Locations.At(List.of(yes.file().url()));
      }
      if (listed instanceof Listed.IndexUnavailable unavailable) {
        hosts.resolve(target.locator()); // a host Gatehouse never reaches is not offered, whatever the index says
        return new Locations.Unknown("cannot read the index page of " + target.ref().name() + " for the URL and "
            + "digest of " + target.ref().file() + ": " + unavailable.sentence(), unavailable.timedOut());
      }
      return new Locations.At(List.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (IllegalArgumentException notBelowAFileHost) {
      return new Locations.At(List.of());
    }
  }

  @Override
  public PublishedDigest publishedDigest(RequestTarget target, URI location) throws IOException {
    Listed listed = listed(target);
    if (listed instanceof Listed.IndexUnavailable unavailable) {
      return new PublishedDigest.Unavailable("cannot read the index page of " + target.ref().name()
          + " for the digest of " + target.ref().file() + ": " + unavailable.sentence(), unavailable.timedOut());
    }
    if (!(listed instanceof Listed.Yes yes)) {
      return new PublishedDigest.Unpublished("the index page of " + target.ref().name() + " no longer lists "
          + target.ref().file() + ", so Gatehouse cannot verify it and refuses it");
    }
    Optional<Map.Entry<String, String>> hash = yes.file().verifiableHash();
    if (hash.isEmpty()) {
      return new PublishedDigest.Unpublished("the index gives no SHA-256 or SHA-512 for " + target.ref().file()
          + ", so Gatehouse cannot verify it and refuses it");
    }
    return new PublishedDigest.Published(hash.get().getKey(), hash.get().getValue());
  }

  @Override
  public PackageFacts facts(RequestTarget target) throws IOException {
    if (listed(target) instanceof Listed.Yes yes && yes.file().uploadTime().isPresent()) {
      return PackageFacts.publishedAt(yes.file().uploadTime().get());
    }
    return PackageFacts.none(); // PEP 503 HTML carries no upload time
  }

  /**
   * The upload time the index gave when the file was fetched: PyPI's facts are only that, so an approval or a
   * policy change judges again without reading the index page (which may have been cut or changed since).
   */
  @Override
  public PackageFacts factsOnRecord(KnownArtifact known) {
    return known.publishedAt().map(PackageFacts::publishedAt).orElseGet(PackageFacts::none);
  }

  /** Whether the index lists a file, and if so what it says of it. */
  sealed interface Listed {
    record Yes(IndexFile file) implements Listed {}

    record No() implements Listed {}

    record IndexUnavailable(String sentence, boolean timedOut) implements Listed {}
  }

  private Listed listed(RequestTarget target) throws IOException {
    return listed(new ProjectName(target.ref().name()), target.locator(), target.ref().file());
  }

  /**
   * What {@code project}'s index page says of the file at {@code locator}; the page is fetched again when the
   * kept copy lacks the file, which may have been uploaded since.
   */
  Listed listed(ProjectName project, String locator, String filename) throws IOException {
    Listed first = find(pages.project(project), locator, filename);
    return first instanceof Listed.No ? find(pages.refreshed(project), locator, filename) : first;
  }

  private Listed find(MetadataDocuments.Lookup<ProjectPage> lookup, String locator, String filename) {
    if (lookup instanceof MetadataDocuments.Lookup.Unavailable<ProjectPage> unavailable) {
      return new Listed.IndexUnavailable(unavailable.sentence(), unavailable.timedOut());
    }
    if (lookup instanceof MetadataDocuments.Lookup.Found<ProjectPage> found) {
      for (IndexFile file : found.document().files()) {
        if (file.filename().equals(filename) && hosts.locator(file.url()).equals(Optional.of(locator))) {
          return new Listed.Yes(file);
        }
      }
    }
    return new Listed.No();
  }
}
