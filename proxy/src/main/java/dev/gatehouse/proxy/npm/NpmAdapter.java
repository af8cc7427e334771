package dev.gatehouse.proxy.npm;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.analyzer.Finding;
import dev.gatehouse.config.CacheConfig;
import dev.gatehouse.config.LimitsConfig;
import dev.gatehouse.config.UpstreamsConfig.NpmUpstream;
import dev.gatehouse.core.gate.EcosystemAdapter;
import dev.gatehouse.core.gate.PublishedDigest;
import dev.gatehouse.core.gate.RequestTarget;
import dev.gatehouse.core.metadata.HeldListings;
import dev.gatehouse.core.store.FetchClaims;
import dev.gatehouse.core.store.KnownArtifact;
import dev.gatehouse.core.store.ScratchSpace;
import dev.gatehouse.core.upstream.UpstreamClient;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageFacts;
import dev.gatehouse.policy.PackageRef;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What is particular to npm in the gate: a tarball lives where its packument's {@code dist.tarball} says when
 * that is on the configured registry (otherwise at the registry's standard {@code {name}/-/{file}} path), it is
 * verified against the packument's {@code dist.integrity}, and the packument says when the version was
 * published and how it differs from its predecessors. Everything comes from the {@link PackumentCache}, which
 * the route filled when it mapped the tarball's file name to its version. Thread-safe; blocking.
 */
public final class NpmAdapter implements EcosystemAdapter {
  private final URI registry;
  private final PackumentJson json;
  private final PackumentCache packuments;
  private final Supplier<Duration> youngDependency;
  private final Duration ageLookupBudget;
  private final Clock clock;

  NpmAdapter(URI registry, PackumentJson json, PackumentCache packuments, Supplier<Duration> youngDependency,
      Duration ageLookupBudget, Clock clock) {
    this.registry = requireNonNull(registry, "registry");
    this.json = requireNonNull(json, "json");
    this.packuments = requireNonNull(packuments, "packuments");
    this.youngDependency = requireNonNull(youngDependency, "youngDependency");
    this.ageLookupBudget = requireNonNull(ageLookupBudget, "ageLookupBudget");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * The adapter for {@code upstreams.npm}, with its packument cache bounded by {@code limits.maxMetadataBytes}
   * and kept for {@code cache.metadataTtl} ({@code cache.notFoundTtl} for packages the registry lacks). The
   * packuments of dependencies a version adds are looked up for {@code ageLookupBudget} at most per version (the
   * upstream read timeout: a slow registry delays a verdict by about one upstream timeout, never by one per
   * dependency), and one first published less than {@code youngDependency} before the version (the policy's
   * {@code cooldown.new-dependency-age}, read at each decision: a policy reload changes it) is rated high.
   */
  public static NpmAdapter create(NpmUpstream npm, UpstreamClient upstream, LimitsConfig limits, CacheConfig cache,
      FetchClaims claims, ScratchSpace scratch, Supplier<Duration> youngDependency, Duration ageLookupBudget,
      Clock clock) {
    PackumentJson json = new PackumentJson(limits.maxMetadataBytes());
    PackumentCache packuments = new PackumentCache(npm.url(), upstream, json, limits.maxMetadataBytes(),
        cache.metadataTtl(), cache.notFoundTtl(), claims, scratch, clock);
    return new NpmAdapter(npm.url(), json, packuments, youngDependency, ageLookupBudget, clock);
  }

  /** The packuments held now, as the versions they list, for a policy's dry run. */
  public HeldListings heldListings() {
    return new NpmListings(packuments);
  }

  URI registry() {
    return registry;
  }

  PackumentJson json() {
    return json;
  }

  PackumentCache packuments() {
    return packuments;
  }

  @Override
  public Ecosystem ecosystem() {
    return Ecosystem.NPM;
  }

  @Override
  public Locations locations(RequestTarget target) {
    NpmName name = NpmName.parse(target.ref().name());
    Optional<URI> published = packuments.current(name)
        .map(entry -> entry.index().versions().get(target.ref().version()))
        .flatMap(NpmRelease::tarball)
        .filter(this::onRegistry);
    return new Locations.At(List.of(published.orElseGet(() -> registry.resolve(target.locator()))));
  }

  @Override
  public PublishedDigest publishedDigest(RequestTarget target, URI location) throws IOException {
    PackumentCache.Lookup lookup = packuments.get(NpmName.parse(target.ref().name()));
    if (lookup instanceof PackumentCache.Failed failed) {
      return new PublishedDigest.Unavailable("cannot read the packument of " + target.ref().name()
          + " for the tarball's integrity: " + failed.sentence(), failed.timedOut());
    }
    if (lookup instanceof PackumentCache.Missing missing) {
      return new PublishedDigest.Unpublished("the registry no longer has a packument for " + target.ref().name()
          + " (" + missing.uri() + "), so nothing says what the tarball's bytes should be");
    }
    PackumentIndex index = ((PackumentCache.Found) lookup).entry().index();
    NpmRelease release = index.versions().get(target.ref().version());
    if (release == null) {
      return new PublishedDigest.Unpublished("the packument of " + target.ref().name() + " no longer lists version "
          + target.ref().version() + ", so nothing says what the tarball's bytes should be");
    }
    return Integrity.of(release, target.ref().coordinates());
  }

  /**
   * The version's publish time, and the findings of its history ({@code PackumentHistory}: an install script or a
   * lost provenance its predecessors did not have, a dependency they did not have, rated high when that
   * dependency's own packument says it was first published shortly before this version). Without a packument the cooldown could not
   * hold the version back, so a missing one is an error rather than "no facts".
   */
  @Override
  public PackageFacts facts(RequestTarget target) throws IOException {
    return facts(target.ref());
  }

  /** The packument says it all: npm's facts on record are what it says now. */
  @Override
  public PackageFacts factsOnRecord(KnownArtifact known) throws IOException {
    return facts(known.ref());
  }

  private PackageFacts facts(PackageRef ref) throws IOException {
    NpmName name = NpmName.parse(ref.name());
    PackumentCache.Lookup lookup = packuments.get(name);
    if (!(lookup instanceof PackumentCache.Found found)) {
      throw new IOException("the packument of " + name + " is not available to say when "
          + ref.coordinates() + " was published: " + describe(lookup));
    }
    PackumentIndex index = found.entry().index();
    Optional<Instant> published = Optional.ofNullable(index.published().get(ref.version()));
    // Age is measured at the version's publication (axios 1.14.1 added a package published hours before);
    // a version without a publish time is measured now, which can only make its dependencies look younger.
    List<Finding> findings = index.history().findings(ref.version(),
        new DependencyAges(packuments, ageLookupBudget), published.orElseGet(clock::instant),
        youngDependency.get());
    return new PackageFacts(published, findings,
        index.history().established(ref.version()));
  }

  /**
   * Same scheme, host and port as the configured registry, and below its path: a packument cannot send Gatehouse
   * elsewhere, nor to another path of the registry's host (another tenant of a repository manager, its admin
   * pages). Dot segments are resolved first, and an encoded dot, which the host might decode into one, is refused.
   */
  boolean onRegistry(URI tarball) {
    if (tarball.getScheme() == null || tarball.getHost() == null || tarball.getRawPath() == null
        || tarball.getRawPath().toLowerCase(java.util.Locale.ROOT).contains("%2e")) {
      return false;
    }
    String base = registry.getRawPath() == null || registry.getRawPath().isEmpty() ? "/" : registry.getRawPath();
    return tarball.getScheme().equalsIgnoreCase(registry.getScheme())
        && tarball.getHost().equalsIgnoreCase(registry.getHost())
        && port(tarball) == port(registry)
        && tarball.normalize().getRawPath().startsWith(base.endsWith("/") ? base : base + "/");
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static String describe(PackumentCache.Lookup lookup) {
    if (lookup instanceof PackumentCache.Failed failed) {
      return failed.sentence();
    }
    return "the registry has none";
  }
}
