package dev.gatehouse.core.gate;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.store.ArtifactStore;
import dev.gatehouse.core.store.Blob;
import dev.gatehouse.core.store.BlobStore;
import dev.gatehouse.core.store.KnownArtifact;
import dev.gatehouse.core.upstream.Download;
import dev.gatehouse.core.upstream.UpstreamResponse;
import dev.gatehouse.policy.PackageRef;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The one path for pass-through files: files nothing runs (Maven poms, signatures and Gradle module files, PyPI's
 * PEP 658 core metadata), so they are not analyzed, but are fetched, verified against the digest the registry
 * publishes for them when it publishes one, committed as a blob and remembered in the artifact store, so that a
 * kept copy survives a restart. Nothing that fails verification is stored. Thread-safe; blocking.
 */
public final class VerifiedFiles {
  private final BlobStore blobs;
  private final ArtifactStore artifacts;
  private final Clock clock;

  public VerifiedFiles(BlobStore blobs, ArtifactStore artifacts, Clock clock) {
    this.blobs = requireNonNull(blobs, "blobs");
    this.artifacts = requireNonNull(artifacts, "artifacts");
    this.clock = requireNonNull(clock, "clock");
  }

  /** Fetches a file from its upstream. */
  @FunctionalInterface
  public interface Fetch {
    UpstreamResponse fetch() throws IOException;
  }

  /** What came of one request. */
  public sealed interface Result {
    /** A kept copy, ready to serve. */
    record Stored(KnownArtifact artifact, Blob blob) implements Result {}

    /** The upstream has none, or failed; {@code why} says which. */
    record Missing(UpstreamResponse why) implements Result {}

    /** The upstream sent other bytes than the registry publishes a digest for; nothing was kept. */
    record Mismatch(String sentence) implements Result {}
  }

  /**
   * The file {@code ref}: the kept copy while {@code stillGood} accepts it, else fetched and verified.
   *
   * @param expected the digest the registry publishes for the file, when it publishes one
   */
  public Result get(PackageRef ref, Predicate<KnownArtifact> stillGood, Optional<PublishedDigest.Published> expected,
      Fetch fetch) throws IOException {
    Optional<KnownArtifact> known = artifacts.find(ref);
    if (known.isPresent() && stillGood.test(known.get())) {
      Optional<Blob> blob = blobs.find(known.get().sha256());
      if (blob.isPresent()) {
        return new Result.Stored(known.get(), blob.get());
      }
    }
    UpstreamResponse response = fetch.fetch();
    if (!(response instanceof UpstreamResponse.Found found)) {
      return new Result.Missing(response);
    }
    Download download = found.download();
    Blob blob;
    try {
      if (expected.isPresent() && !expected.get().matches(download.digests())) {
        return new Result.Mismatch("%s from %s has %s %s, but the registry publishes %s".formatted(ref.file(),
            download.source(), expected.get().algorithm(),
            download.digests().byAlgorithm(expected.get().algorithm()).orElse("?"), expected.get().hex()));
      }
      blob = download.commit();
    } finally {
      download.discard();
    }
    KnownArtifact artifact = artifacts.remember(new KnownArtifact(ref, download.sha256(), download.size(),
        download.source(), clock.instant()));
    return new Result.Stored(artifact, blob);
  }
}
