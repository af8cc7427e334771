package dev.gatehouse.proxy.maven;

import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.proxy.store.ArtifactStore;
import dev.gatehouse.proxy.store.BlobStore;
import dev.gatehouse.proxy.store.KnownArtifact;
import dev.gatehouse.proxy.upstream.Download;
import dev.gatehouse.proxy.upstream.UpstreamClient;
import dev.gatehouse.proxy.upstream.UpstreamResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Poms, Gradle module files, signatures and the checksums of such files: nothing in them runs, so they are
 * proxied without analysis, and cached as blobs with an entry in the artifact store, which survives a
 * restart. Release files never change once published and are kept; files of a {@code -SNAPSHOT} version are
 * fetched again after {@code cache.metadataTtl}. Thread-safe; blocking.
 */
final class DescriptorFiles {
  private final RepositoryGroup group;
  private final BlobStore blobs;
  private final ArtifactStore artifacts;
  private final UpstreamClient.SizeLimit limit;
  private final Duration snapshotTtl;
  private final Clock clock;

  DescriptorFiles(RepositoryGroup group, BlobStore blobs, ArtifactStore artifacts, long maxMetadataBytes,
      Duration snapshotTtl, Clock clock) {
    this.group = group;
    this.blobs = blobs;
    this.artifacts = artifacts;
    this.limit = new UpstreamClient.SizeLimit(maxMetadataBytes, "limits.maxMetadataBytes");
    this.snapshotTtl = snapshotTtl;
    this.clock = clock;
  }

  /** A stored copy of a descriptor file, ready to serve. */
  record Stored(KnownArtifact artifact, Path blob) {}

  /** The file, from the store or upstream; {@code NotFound}/{@code Failed} carry what went wrong. */
  Result get(MavenPath path) throws IOException {
    PackageRef ref = new PackageRef(Ecosystem.MAVEN, path.packageName(), path.version(), path.fileName());
    Optional<KnownArtifact> known = artifacts.find(ref);
    if (known.isPresent() && fresh(known.get())) {
      Optional<Path> blob = blobs.find(known.get().sha256());
      if (blob.isPresent()) {
        return new Result(Optional.of(new Stored(known.get(), blob.get())), null);
      }
    }
    UpstreamResponse response = group.first(path.relative(), limit);
    if (!(response instanceof UpstreamResponse.Found found)) {
      return new Result(Optional.empty(), response);
    }
    Download download = found.download();
    try {
      blobs.commit(download.file(), download.sha256());
    } finally {
      download.discard();
    }
    KnownArtifact artifact = artifacts.remember(new KnownArtifact(ref, download.sha256(), download.size(),
        download.source(), clock.instant()));
    Path blob = blobs.find(download.sha256())
        .orElseThrow(() -> new IOException("blob " + download.sha256() + " vanished right after its commit"));
    return new Result(Optional.of(new Stored(artifact, blob)), null);
  }

  /** Either a stored file, or the upstream response that explains why there is none. */
  record Result(Optional<Stored> stored, UpstreamResponse missing) {}

  private boolean fresh(KnownArtifact artifact) {
    if (!artifact.ref().version().endsWith("-SNAPSHOT")) {
      return true;
    }
    Instant expires = artifact.firstFetchedAt().plus(snapshotTtl);
    return clock.instant().isBefore(expires);
  }
}
