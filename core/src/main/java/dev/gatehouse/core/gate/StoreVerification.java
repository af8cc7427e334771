package dev.gatehouse.core.gate;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.store.ArtifactStore;
import dev.gatehouse.core.store.Blob;
import dev.gatehouse.core.store.BlobStore;
import dev.gatehouse.core.store.KnownArtifact;
import dev.gatehouse.core.store.StoredVerdict;
import dev.gatehouse.core.store.VerdictStore;
import dev.gatehouse.core.upstream.Digests;
import dev.gatehouse.core.upstream.UpstreamClient;
import dev.gatehouse.core.upstream.UpstreamResponse;
import dev.gatehouse.policy.Decision;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code gatehouse verify}: checks that the store is what the gate believes it is. Every blob must hash to its
 * name (a blob changed on disk would be served under a digest it no longer has), every artifact Gatehouse would
 * serve must have its blob, and every blob should belong to an artifact. With repair, a blob that does not hash
 * to its name is taken out of the store, and a missing or removed blob of an artifact that is served is fetched
 * again from the URL it first came from and committed only when it hashes to the digest on record, exactly as
 * the first fetch verified it. Nothing else is changed: verdicts, analyses and the audit log stay as they were.
 */
public final class StoreVerification {
  /** Problems of each kind listed at most, so that a ruined store still gives a readable report. */
  public static final int MAX_LISTED = 1000;
  private static final int PAGE = 500;

  private final BlobStore blobs;
  private final ArtifactStore artifacts;
  private final VerdictStore verdicts;
  private final UpstreamClient upstream;
  private final UpstreamClient.SizeLimit limit;

  /**
   * What was found, and what was done about it.
   *
   * @param corrupt blobs whose bytes do not hash to their name
   * @param missing artifacts served (allowed) whose blob is absent or was corrupt
   * @param stray blobs no artifact names (harmless: the gate never reaches them)
   * @param refetched artifacts whose blob was fetched again and verified
   * @param unrepaired artifacts whose blob could not be fetched again, each with the reason
   */
  public record Report(long blobsChecked, long artifactsChecked, List<String> corrupt, List<KnownArtifact> missing,
      List<String> stray, List<KnownArtifact> refetched, List<String> unrepaired, boolean repaired) {
    /** Nothing wrong was found, or everything found was repaired. */
    public boolean sound() {
      return corrupt.isEmpty() && missing.isEmpty() || repaired && unrepaired.isEmpty();
    }
  }

  public StoreVerification(BlobStore blobs, ArtifactStore artifacts, VerdictStore verdicts, UpstreamClient upstream,
      UpstreamClient.SizeLimit limit) {
    this.blobs = requireNonNull(blobs, "blobs");
    this.artifacts = requireNonNull(artifacts, "artifacts");
    this.verdicts = requireNonNull(verdicts, "verdicts");
    this.upstream = requireNonNull(upstream, "upstream");
    this.limit = requireNonNull(limit, "limit");
  }

  /** Checks the store; with {@code repair}, repairs what it can. */
  public Report run(boolean repair) throws IOException {
    Set<String> stored = new HashSet<>();
    List<String> corrupt = new ArrayList<>();
    long[] checked = {0};
    blobs.forEachDigest(sha256 -> {
      checked[0]++;
      Optional<Blob> blob = blobs.find(sha256);
      if (blob.isEmpty()) {
        return; // removed while we walked
      }
      String actual;
      try (InputStream in = blob.get().open()) {
        actual = Digests.of(in).sha256();
      }
      if (actual.equals(sha256)) {
        stored.add(sha256);
      } else {
        add(corrupt, sha256);
        if (repair) {
          blobs.remove(sha256);
        }
      }
    });

    Set<String> named = new HashSet<>();
    List<KnownArtifact> missing = new ArrayList<>();
    List<KnownArtifact> refetched = new ArrayList<>();
    List<String> unrepaired = new ArrayList<>();
    long artifactsChecked = 0;
    for (long offset = 0; ; offset += PAGE) {
      List<KnownArtifact> page = artifacts.list(PAGE, offset);
      for (KnownArtifact artifact : page) {
        artifactsChecked++;
        named.add(artifact.sha256());
        if (stored.contains(artifact.sha256()) || !served(artifact)) {
          continue;
        }
        add(missing, artifact);
        if (repair) {
          Optional<String> failure = refetch(artifact);
          if (failure.isEmpty()) {
            add(refetched, artifact);
            stored.add(artifact.sha256());
          } else {
            add(unrepaired, artifact.ref().coordinates() + " (" + artifact.ref().file() + "): " + failure.get());
          }
        }
      }
      if (page.size() < PAGE) {
        break;
      }
    }
    List<String> stray = new ArrayList<>();
    for (String sha256 : stored) {
      if (!named.contains(sha256)) {
        add(stray, sha256);
      }
    }
    return new Report(checked[0], artifactsChecked, List.copyOf(corrupt), List.copyOf(missing),
        List.copyOf(stray), List.copyOf(refetched), List.copyOf(unrepaired), repair);
  }

  /** Whether the gate would serve the artifact's bytes: only then must they be kept. */
  private boolean served(KnownArtifact artifact) throws IOException {
    Optional<StoredVerdict> verdict = verdicts.find(artifact.ref(), artifact.sha256());
    return verdict.isPresent() && verdict.get().verdict().decision() == Decision.ALLOW;
  }

  /** Fetches the artifact again from where it first came; empty when it is stored again, else why not. */
  private Optional<String> refetch(KnownArtifact artifact) throws IOException {
    UpstreamResponse response = upstream.fetch(artifact.upstreamUrl(), limit);
    if (response instanceof UpstreamResponse.NotFound) {
      return Optional.of("the upstream no longer has " + artifact.upstreamUrl());
    }
    if (response instanceof UpstreamResponse.Failed failed) {
      return Optional.of(failed.sentence());
    }
    var download = ((UpstreamResponse.Found) response).download();
    if (!download.sha256().equals(artifact.sha256())) {
      download.discard();
      return Optional.of("the upstream now sends other bytes (sha256 " + download.sha256() + ", "
          + artifact.sha256() + " on record); nothing was stored, the next request decides them anew");
    }
    download.commit();
    return Optional.empty();
  }

  private static <T> void add(List<T> list, T item) {
    if (list.size() < MAX_LISTED) {
      list.add(item);
    }
  }
}
