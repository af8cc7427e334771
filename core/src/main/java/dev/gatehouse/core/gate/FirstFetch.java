package dev.gatehouse.core.gate;

import dev.gatehouse.analyzer.Analysis;
import dev.gatehouse.analyzer.Analyzer;
import dev.gatehouse.core.quarantine.QuarantineEntry;
import dev.gatehouse.core.store.Blob;
import dev.gatehouse.core.store.BlobWriter;
import dev.gatehouse.core.store.KnownArtifact;
import dev.gatehouse.core.store.StoredVerdict;
import dev.gatehouse.core.upstream.Download;
import dev.gatehouse.core.upstream.UpstreamClient;
import dev.gatehouse.core.upstream.UpstreamResponse;
import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.PackageFacts;
import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.policy.Reviews;
import dev.gatehouse.policy.Policy;
import dev.gatehouse.policy.Verdict;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first fetch of one artifact: policy before download, download to a temp file while hashing, verify
 * the published digest, analyze, decide, store. Runs on the blocking executor, once per artifact at a
 * time ({@link Gate} sees to that). Fails closed: nothing is committed unless verified and analyzed, and
 * a BLOCK leaves no bytes behind.
 */
final class FirstFetch {
  private static final Logger log = LoggerFactory.getLogger(FirstFetch.class);

  private final GateStorage store;
  private final LivePolicy policies;
  private final DecisionListener decisions;
  private final Analyzer analyzer;
  private final UpstreamClient upstream;
  private final UpstreamClient.SizeLimit artifactLimit;
  private final Clock clock;
  private final MeterRegistry meters;

  FirstFetch(GateStorage store, LivePolicy policies, DecisionListener decisions, Analyzer analyzer,
      UpstreamClient upstream, FetchSettings fetch, Clock clock, MeterRegistry meters) {
    this.store = store;
    this.policies = policies;
    this.decisions = decisions;
    this.analyzer = analyzer;
    this.upstream = upstream;
    this.artifactLimit = new UpstreamClient.SizeLimit(fetch.maxArtifactBytes(), "limits.maxArtifactBytes");
    this.clock = clock;
    this.meters = meters;
  }

  /** A verdict derived and stored, with the quarantine entry a QUARANTINE opened. */
  record Decided(StoredVerdict stored, Optional<QuarantineEntry> entry) {}

  /** The records of a first fetch's decision. */
  private record Stored(KnownArtifact artifact, Decided decided) {}

  GateResult fetch(RequestTarget target, EcosystemAdapter adapter) throws IOException {
    PackageFacts facts = adapter.facts(target);
    // Deny-list and cooldown refusals are not news: they follow from the policy as written, and are not stored, so
    // they are decided again on every request; no listener hears of them.
    Optional<Verdict> early = policies.get().beforeDownload(target.ref(), facts, clock.instant());
    if (early.isPresent()) {
      count(early.get());
      return new GateResult.Refused(target, early.get(), Optional.empty(), Optional.empty());
    }
    EcosystemAdapter.Locations locations = adapter.locations(target);
    if (locations instanceof EcosystemAdapter.Locations.Unknown unknown) {
      return new GateResult.UpstreamFailed(target, unknown.sentence(), unknown.timedOut());
    }
    Download download = null;
    UpstreamResponse.Failed failure = null;
    Timer.Sample timing = Timer.start(meters);
    for (URI location : ((EcosystemAdapter.Locations.At) locations).uris()) {
      UpstreamResponse response = upstream.fetch(location, artifactLimit);
      if (response instanceof UpstreamResponse.Found found) {
        download = found.download();
        break;
      }
      if (response instanceof UpstreamResponse.Failed failed && failure == null) {
        failure = failed;
      }
    }
    timing.stop(meters.timer("gatehouse.upstream.fetch", "ecosystem", target.ref().ecosystem().key(),
        "outcome", download != null ? "found" : failure != null ? "failed" : "missing"));
    if (download == null) {
      return failure != null
          ? new GateResult.UpstreamFailed(target, failure.sentence(), failure.timedOut())
          : new GateResult.Missing(target);
    }
    try {
      return verifyAnalyzeDecide(target, adapter, download, facts);
    } finally {
      download.discard(); // a no-op once committed: the blob store moved the file away
    }
  }

  private GateResult verifyAnalyzeDecide(RequestTarget target, EcosystemAdapter adapter, Download download,
      PackageFacts facts) throws IOException {
    PublishedDigest published = adapter.publishedDigest(target, download.source());
    if (published instanceof PublishedDigest.Unavailable unavailable) {
      return new GateResult.UpstreamFailed(target, unavailable.sentence(), unavailable.timedOut());
    }
    if (published instanceof PublishedDigest.Unpublished unpublished) {
      return new GateResult.UpstreamFailed(target, unpublished.sentence(), false);
    }
    PublishedDigest.Published digest = (PublishedDigest.Published) published;
    if (!digest.matches(download.digests())) {
      String actual = download.digests().byAlgorithm(digest.algorithm()).orElse("?");
      log.warn("digest mismatch for {} from {}: published {} {}, received {}", target.ref(), download.source(),
          digest.algorithm(), digest.hex(), actual);
      Verdict refused = Verdict.block("digest-mismatch", List.of(
          "the bytes from %s have %s %s but the registry publishes %s".formatted(
              download.source(), digest.algorithm(), actual, digest.hex())));
      count(refused);
      decisions.decided(new DecisionListener.Decided(target.ref(), Optional.of(download.sha256()), refused,
          Optional.empty()));
      return new GateResult.Refused(target, refused, Optional.of(download.sha256()), Optional.empty());
    }
    Optional<Analysis> analysis = analyze(target, download.file());
    if (analysis.isEmpty()) {
      Verdict failed = Verdict.quarantine("analysis-failed",
          "Gatehouse could not analyze " + target.ref().file() + "; an operator must look at the server log");
      count(failed);
      decisions.decided(new DecisionListener.Decided(target.ref(), Optional.of(download.sha256()), failed,
          Optional.empty()));
      return new GateResult.Refused(target, failed, Optional.of(download.sha256()), Optional.empty());
    }
    if (!analysis.get().sha256().equals(download.sha256())) {
      throw new IllegalStateException("the analyzer hashed %s as %s, the download as %s".formatted(
          download.file(), analysis.get().sha256(), download.sha256()));
    }
    Policy policy = policies.get(); // one policy for the verdict and the version stored with it
    Judgement judged = judge(policy, target.ref(), facts, analysis.get());
    Verdict verdict = judged.verdict();
    Instant now = clock.instant();
    Optional<Blob> blob = Optional.empty();
    if (verdict.decision() != Decision.BLOCK) {
      // Quarantined bytes are kept too, so that an approval serves them without another download. The blob goes
      // first: a record never names bytes that are not there, while bytes without a record are merely unused.
      blob = Optional.of(download.commit());
    } // a BLOCK keeps no bytes: fetch() discards the staged download
    KnownArtifact known = new KnownArtifact(target.ref(), download.sha256(), download.size(), download.source(), now,
        facts.publishedAt());
    Analysis analyzed = analysis.get();
    // One decision, one transaction: no reader sees the verdict without its artifact and analysis.
    Stored stored = store.catalog().unitOfWork("store the decision on " + target.ref(), () -> {
      store.analyses().put(analyzed);
      KnownArtifact artifact = store.artifacts().remember(known);
      return new Stored(artifact, storeVerdict(policy, target.ref(), analyzed, judged, now));
    });
    Decided decided = stored.decided();
    if (verdict.decision() == Decision.ALLOW) {
      return new GateResult.Admitted(target, stored.artifact(), blob.orElseThrow(), verdict, true);
    }
    return new GateResult.Refused(target, verdict, Optional.of(download.sha256()), decided.entry());
  }

  /**
   * Analyzes a kept blob again (an analyzer change); empty when the analyzer failed. The analyzer reads files, so a
   * blob without a local file is staged on this node first and the staged copy discarded afterwards.
   */
  Optional<Analysis> analyze(RequestTarget target, Blob blob) throws IOException {
    if (blob instanceof Blob.LocalFile local) {
      return analyze(target, local.file());
    }
    BlobWriter copy = store.blobs().writer();
    try {
      try (InputStream in = blob.open(); OutputStream out = Channels.newOutputStream(copy)) {
        in.transferTo(out);
      }
      return analyze(target, copy.stagedFile());
    } finally {
      copy.discard();
    }
  }

  /**
   * Analyzes {@code file}; empty when the analyzer failed. A bug in the analyzer must not become "allow", nor
   * be stored as this artifact's analysis: a fixed analyzer looks again.
   */
  private Optional<Analysis> analyze(RequestTarget target, Path file) throws IOException {
    try {
      return Optional.of(analyzer.analyze(file, target.kind()));
    } catch (RuntimeException | StackOverflowError | AssertionError bug) {
      // A parser that recursed too deep or a library's own assertion is a failed analysis like any other: the
      // artifact is held, the request answered, the thread kept.
      log.error("the analyzer failed on {} ({} bytes)", target.ref(), Files.size(file), bug);
      return Optional.empty();
    }
  }

  /** Judges a stored analysis again (policy change, approval) with {@code facts}, and stores the verdict. */
  Decided decideAndStore(PackageRef ref, PackageFacts facts, Analysis analysis) throws IOException {
    Policy policy = policies.get();
    return storeVerdict(policy, ref, analysis, judge(policy, ref, facts, analysis), clock.instant());
  }

  /** A verdict, and when an approval or waiver it was derived from ends, so that it is derived again then. */
  private record Judgement(Verdict verdict, Optional<Instant> until) {}

  private Judgement judge(Policy policy, PackageRef ref, PackageFacts facts, Analysis analysis) throws IOException {
    Instant now = clock.instant();
    Reviews reviews = store.quarantine().reviewsOf(ref, analysis.sha256());
    Verdict verdict = policy.decide(ref, analysis, facts, reviews, now);
    count(verdict);
    return new Judgement(verdict, reviews.changeAfter(now));
  }

  /** Stores the verdict and opens the quarantine entry of a QUARANTINE, in one unit of work (or the caller's). */
  private Decided storeVerdict(Policy policy, PackageRef ref, Analysis analysis, Judgement judged, Instant now)
      throws IOException {
    return store.catalog().unitOfWork("store the verdict on " + ref, () -> storeVerdictNow(policy, ref, analysis,
        judged, now));
  }

  private Decided storeVerdictNow(Policy policy, PackageRef ref, Analysis analysis, Judgement judged, Instant now)
      throws IOException {
    Verdict verdict = judged.verdict();
    // Listeners hear of a refusal the first time it is decided for these bytes, not of each re-derivation that
    // comes to the same decision (a policy reload that changes nothing for this artifact).
    boolean news = verdict.decision() != Decision.ALLOW && store.verdicts().find(ref, analysis.sha256())
        .map(previous -> previous.verdict().decision() != verdict.decision()).orElse(true);
    StoredVerdict stored = new StoredVerdict(ref, analysis.sha256(), verdict, policy.version(),
        Analyzer.VERSION, now, judged.until());
    Optional<QuarantineEntry> entry = Optional.empty();
    if (verdict.decision() == Decision.QUARANTINE) {
      entry = Optional.of(store.quarantine().open(ref, analysis.sha256(), analysis, verdict,
          Policy.fingerprint(analysis)));
    }
    store.verdicts().put(stored);
    if (verdict.decision() == Decision.ALLOW) {
      // A verdict that now allows bytes held for review (a reload that trusts the package, a waiver, a better
      // analyzer) takes their entry out of the queue, in the same transaction, saying which rule let them through.
      store.quarantine().lift(ref, analysis.sha256(), "allowed by Gatehouse rule " + verdict.rule()
          + " (policy " + policy.version() + ", analyzer " + Analyzer.VERSION + ")", now);
    }
    if (news) {
      DecisionListener.Decided decided = new DecisionListener.Decided(ref, Optional.of(analysis.sha256()), verdict,
          entry);
      store.catalog().afterCommit(() -> decisions.decided(decided));
    }
    log.info("{} {} by rule {}", ref, verdict.decision().key(), verdict.rule());
    return new Decided(stored, entry);
  }

  private void count(Verdict verdict) {
    meters.counter("gatehouse.verdicts", "decision", verdict.decision().key(), "rule", verdict.rule()).increment();
  }
}
