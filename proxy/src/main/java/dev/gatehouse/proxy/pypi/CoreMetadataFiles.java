package dev.gatehouse.proxy.pypi;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.proxy.gate.PublishedDigest;
import dev.gatehouse.proxy.store.ArtifactStore;
import dev.gatehouse.proxy.store.BlobStore;
import dev.gatehouse.proxy.store.KnownArtifact;
import dev.gatehouse.proxy.upstream.Download;
import dev.gatehouse.proxy.upstream.UpstreamClient;
import dev.gatehouse.proxy.upstream.UpstreamResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * PEP 658 core metadata ({@code METADATA} of a wheel, served beside it as {@code {file}.metadata}): resolvers
 * read it to learn dependencies without downloading the wheel. Nothing in it runs, so it is proxied without
 * analysis, verified against the digest the index gives for it when it gives a SHA-256 or SHA-512, and kept
 * as a blob with an entry in the artifact store, so it survives a restart. Published files never change, so a
 * kept copy is served as long as it matches the digest the index gives now. Thread-safe; blocking.
 */
final class CoreMetadataFiles {
  private final UpstreamClient upstream;
  private final BlobStore blobs;
  private final ArtifactStore artifacts;
  private final UpstreamClient.SizeLimit limit;
  private final Clock clock;

  CoreMetadataFiles(UpstreamClient upstream, BlobStore blobs, ArtifactStore artifacts, long maxMetadataBytes,
      Clock clock) {
    this.upstream = requireNonNull(upstream, "upstream");
    this.blobs = requireNonNull(blobs, "blobs");
    this.artifacts = requireNonNull(artifacts, "artifacts");
    this.limit = new UpstreamClient.SizeLimit(maxMetadataBytes, "limits.maxMetadataBytes");
    this.clock = requireNonNull(clock, "clock");
  }

  /** What came of one request. */
  sealed interface Result {
    record Stored(KnownArtifact artifact, Path blob) implements Result {}

    /** The upstream has none, failed, or sent bytes that do not match; the sentence says which. */
    record Missing(UpstreamResponse why) implements Result {}

    record Mismatch(String sentence) implements Result {}
  }

  /** The {@code .metadata} of {@code file}, version {@code version} of {@code project}. */
  Result get(ProjectName project, String version, IndexFile file) throws IOException {
    PackageRef ref = new PackageRef(Ecosystem.PYPI, project.normalized(), version,
        file.filename() + FilePath.METADATA_SUFFIX);
    Optional<PublishedDigest.Published> expected = expected(file.coreMetadata().orElse(Map.of()));
    Optional<KnownArtifact> known = artifacts.find(ref);
    if (known.isPresent() && stillMatches(known.get(), expected)) {
      Optional<Path> blob = blobs.find(known.get().sha256());
      if (blob.isPresent()) {
        return new Result.Stored(known.get(), blob.get());
      }
    }
    URI url = URI.create(file.url() + FilePath.METADATA_SUFFIX);
    UpstreamResponse response = upstream.fetch(url, limit);
    if (!(response instanceof UpstreamResponse.Found found)) {
      return new Result.Missing(response);
    }
    Download download = found.download();
    try {
      if (expected.isPresent() && !expected.get().matches(download.digests())) {
        return new Result.Mismatch("the core metadata from %s has %s %s, but the index gives %s".formatted(url,
            expected.get().algorithm(), download.digests().byAlgorithm(expected.get().algorithm()).orElse("?"),
            expected.get().hex()));
      }
      blobs.commit(download.file(), download.sha256());
    } finally {
      download.discard();
    }
    KnownArtifact artifact = artifacts.remember(new KnownArtifact(ref, download.sha256(), download.size(), url,
        clock.instant()));
    Path blob = blobs.find(download.sha256())
        .orElseThrow(() -> new IOException("blob " + download.sha256() + " vanished right after its commit"));
    return new Result.Stored(artifact, blob);
  }

  /** A kept copy was verified when it was fetched; it is replaced only when the index now gives another SHA-256. */
  private static boolean stillMatches(KnownArtifact known, Optional<PublishedDigest.Published> expected) {
    return expected.isEmpty() || !expected.get().algorithm().equals("sha256")
        || expected.get().hex().equals(known.sha256());
  }

  private static Optional<PublishedDigest.Published> expected(Map<String, String> hashes) {
    for (String name : new String[] {"sha256", "sha512"}) {
      if (hashes.containsKey(name)) {
        return Optional.of(new PublishedDigest.Published(name, hashes.get(name)));
      }
    }
    return Optional.empty();
  }
}
