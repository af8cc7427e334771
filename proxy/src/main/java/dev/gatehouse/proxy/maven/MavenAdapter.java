package dev.gatehouse.proxy.maven;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.config.UpstreamsConfig.MavenUpstream;
import dev.gatehouse.core.gate.EcosystemAdapter;
import dev.gatehouse.core.gate.PublishedDigest;
import dev.gatehouse.core.gate.RequestTarget;
import dev.gatehouse.core.metadata.MetadataDocuments;
import dev.gatehouse.core.store.KnownArtifact;
import dev.gatehouse.core.upstream.UpstreamClient;
import dev.gatehouse.core.upstream.UpstreamResponse;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageFacts;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What is particular to Maven in the gate: artifacts live at the same layout path in each configured
 * repository, tried in order like a repository group, and are verified against the checksum file published
 * beside them in the repository they came from.
 *
 * <p>Checksums are tried strongest-published-first by availability: {@code .sha1} (every repository,
 * Maven Central always), then {@code .sha256} and {@code .sha512}. An artifact whose repository publishes
 * none of them is refused as unverifiable (fail closed): nothing says the bytes are the ones published.
 */
public final class MavenAdapter implements EcosystemAdapter {
  /** A checksum file holds the hex digest, optionally followed by a file name (as {@code sha1sum} writes it). */
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
  private static final List<String> VERIFIED_WITH = List.of("sha1", "sha256", "sha512");
  /** A checksum file is tiny; anything larger is not one. */
  private static final UpstreamClient.SizeLimit CHECKSUM_LIMIT =
      new UpstreamClient.SizeLimit(4096, "the size of a checksum file");

  private final List<MavenUpstream> repositories;
  private final UpstreamClient upstream;
  private final Optional<PublishTimes> publishTimes;

  /** Where the cooldown learns when a version was deployed: the artifact's {@code maven-metadata.xml}. */
  private record PublishTimes(MetadataDocuments<byte[]> documents, RepositoryGroup group,
      UpstreamClient.SizeLimit limit, Supplier<Duration> minimumAge) {}

  /** An adapter that knows no publish times: the cooldown holds no Maven artifact back ({@code gatehouse scan}). */
  public MavenAdapter(List<MavenUpstream> repositories, UpstreamClient upstream) {
    this(repositories, upstream, Optional.empty());
  }

  /**
   * An adapter that dates the version the last deploy added by its {@code maven-metadata.xml} ({@code lastUpdated}),
   * read through {@code metadata}, the cache the registry serves the documents from, while {@code minimumAge} (the
   * policy's cooldown, read at each decision) is not zero.
   */
  public MavenAdapter(List<MavenUpstream> repositories, UpstreamClient upstream, MetadataDocuments<byte[]> metadata,
      Duration notFoundTtl, long maxMetadataBytes, Supplier<Duration> minimumAge) {
    this(repositories, upstream, Optional.of(new PublishTimes(metadata,
        new RepositoryGroup(repositories, upstream, notFoundTtl),
        new UpstreamClient.SizeLimit(maxMetadataBytes, "limits.maxMetadataBytes"), minimumAge)));
  }

  private MavenAdapter(List<MavenUpstream> repositories, UpstreamClient upstream,
      Optional<PublishTimes> publishTimes) {
    this.repositories = List.copyOf(repositories);
    this.upstream = requireNonNull(upstream, "upstream");
    this.publishTimes = publishTimes;
    if (this.repositories.isEmpty()) {
      throw new IllegalArgumentException("upstreams.maven names no repository");
    }
  }

  @Override
  public Ecosystem ecosystem() {
    return Ecosystem.MAVEN;
  }

  public List<MavenUpstream> repositories() {
    return repositories;
  }

  @Override
  public Locations locations(RequestTarget target) {
    return new Locations.At(repositories.stream().map(r -> r.url().resolve(target.locator())).toList());
  }

  @Override
  public PublishedDigest publishedDigest(RequestTarget target, URI location) throws IOException {
    for (String algorithm : VERIFIED_WITH) {
      URI checksum = URI.create(location + "." + algorithm);
      UpstreamResponse response = upstream.fetch(checksum, CHECKSUM_LIMIT);
      if (response instanceof UpstreamResponse.Failed failed) {
        return new PublishedDigest.Unavailable("cannot read the checksum of " + target.ref().file() + ": "
            + failed.sentence(), failed.timedOut());
      }
      if (response instanceof UpstreamResponse.Found found) {
        String text;
        try {
          text = Files.readString(found.download().file(), StandardCharsets.UTF_8);
        } finally {
          found.download().discard();
        }
        String hex = text.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        int expected = switch (algorithm) {
          case "sha1" -> 40;
          case "sha256" -> 64;
          default -> 128;
        };
        if (hex.length() != expected || !HEX.matcher(hex).matches()) {
          return new PublishedDigest.Unavailable(checksum + " does not hold a " + algorithm + " digest", false);
        }
        return new PublishedDigest.Published(algorithm, hex);
      }
    }
    return new PublishedDigest.Unpublished("the repository publishes no .sha1, .sha256 or .sha512 for "
        + location + ", so Gatehouse cannot verify it and refuses it");
  }

  /**
   * The version's publish time when the artifact's {@code maven-metadata.xml} gives one: Maven records no time per
   * version, but {@code lastUpdated} is when the last deploy added the version {@code latest} names (the last
   * listed without it), so that version is dated and no other. The metadata listing and the cooldown thus agree:
   * the version left out of the document is refused when fetched directly. Nothing is looked up while the cooldown
   * is off; a document the repositories lack or fail to send dates nothing.
   */
  @Override
  public PackageFacts facts(RequestTarget target) throws IOException {
    if (publishTimes.isEmpty() || publishTimes.get().minimumAge().get().isZero()) {
      return PackageFacts.none();
    }
    PublishTimes times = publishTimes.get();
    String[] segments = target.locator().split("/");
    if (segments.length < 4) {
      return PackageFacts.none();
    }
    String key = String.join("/", Arrays.copyOf(segments, segments.length - 2)) + "/" + MavenPath.METADATA;
    MetadataDocuments.Lookup<byte[]> lookup = times.documents().get(key,
        () -> MetadataCache.fetch(times.group(), key, times.limit()));
    if (!(lookup instanceof MetadataDocuments.Lookup.Found<byte[]> found)) {
      return PackageFacts.none();
    }
    MavenMetadata doc;
    try {
      doc = MavenMetadata.parse(found.document());
    } catch (IOException malformed) {
      return PackageFacts.none();
    }
    Optional<Instant> deployed = doc.newest().filter(target.ref().version()::equals).flatMap(v -> doc.lastUpdated());
    return deployed.map(PackageFacts::publishedAt).orElseGet(PackageFacts::none);
  }

  @Override
  public PackageFacts factsOnRecord(KnownArtifact known) {
    return known.publishedAt().map(PackageFacts::publishedAt).orElseGet(PackageFacts::none);
  }
}
