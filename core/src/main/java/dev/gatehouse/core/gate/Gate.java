package dev.gatehouse.core.gate;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.analyzer.Analysis;
import dev.gatehouse.analyzer.Analyzer;
import dev.gatehouse.core.quarantine.QuarantineEntry;
import dev.gatehouse.core.store.Blob;
import dev.gatehouse.core.store.FetchClaims;
import dev.gatehouse.core.store.KnownArtifact;
import dev.gatehouse.core.store.StoredVerdict;
import dev.gatehouse.core.store.VerdictStore;
import dev.gatehouse.core.upstream.UpstreamClient;
import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageFacts;
import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.policy.Policy;
import dev.gatehouse.policy.Verdict;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * The one place where an artifact request becomes a decision, for every ecosystem: a known verdict
 * (cache, then database) serves or refuses at once; otherwise, once per artifact even under concurrent
 * requests, the artifact is downloaded, verified against the published digest, analyzed, judged by the
 * policy and stored ({@link FirstFetch}).
 *
 * <p>Concurrent first requests for one {@link PackageRef} share one future, which leaves the in-flight map
 * when it completes either way, so a failure is retried by the next request and never cached. Callers get
 * a copy of the shared future: a client that disconnects cannot cancel the work others wait for. At most
 * {@code server.maxConcurrentFetches} first fetches run at once; beyond that the answer is {@link
 * GateResult.Busy}. Thread-safe; every method that blocks runs on the blocking executor.
 */
public final class Gate {
  private final GateStorage store;
  private final LivePolicy policies;
  private final DecisionListener decisions;
  private final Analyzer analyzer;
  private final Executor blocking;
  private final Clock clock;
  private final MeterRegistry meters;
  private final Map<Ecosystem, EcosystemAdapter> adapters;
  private final FirstFetch firstFetch;
  private final Semaphore fetchPermits;
  private final int maxConcurrentFetches;
  private final FetchClaims claims;

  /**
   * @param policies the policy in force, read at every decision
   * @param decisions hears of refusals when first decided, and of reviews ({@link #reviewed})
   */
  public Gate(GateStorage store, LivePolicy policies, DecisionListener decisions, Analyzer analyzer,
      UpstreamClient upstream, FetchSettings fetch, List<EcosystemAdapter> adapters, FetchClaims claims,
      Executor blocking, Clock clock, MeterRegistry meters) {
    this.store = requireNonNull(store, "store");
    this.claims = requireNonNull(claims, "claims");
    this.policies = requireNonNull(policies, "policies");
    this.decisions = requireNonNull(decisions, "decisions");
    this.analyzer = requireNonNull(analyzer, "analyzer");
    this.blocking = requireNonNull(blocking, "blocking");
    this.clock = requireNonNull(clock, "clock");
    this.meters = requireNonNull(meters, "meters");
    Map<Ecosystem, EcosystemAdapter> byEcosystem = new EnumMap<>(Ecosystem.class);
    adapters.forEach(a -> byEcosystem.put(a.ecosystem(), a));
    this.adapters = byEcosystem;
    this.maxConcurrentFetches = fetch.maxConcurrentFetches();
    this.fetchPermits = new Semaphore(fetch.maxConcurrentFetches());
    this.firstFetch = new FirstFetch(store, policies, decisions, analyzer, upstream, fetch, clock, meters);
  }

  /** Decides {@code target}: serve, refuse, missing, upstream failure or busy. Returns at once. */
  public CompletableFuture<GateResult> admit(RequestTarget target) {
    EcosystemAdapter adapter = adapter(target.ref().ecosystem());
    return CompletableFuture.supplyAsync(() -> {
      try {
        return known(target, false);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, blocking).thenCompose(known -> {
      meters.counter("gatehouse.verdict.lookups", "result", known.isPresent() ? "hit" : "miss").increment();
      return known.isPresent() ? CompletableFuture.completedFuture(known.get()) : shared(target, adapter);
    });
  }

  /**
   * Derives the verdict on {@code ref} with bytes {@code sha256} again from its stored analysis, with the
   * approvals stored now, and stores it: an approval takes effect at once, without a download. Blocking.
   *
   * @return the new verdict, or empty when no analysis by the current analyzer is stored or the file is no longer
   *     on record with these bytes (the next request fetches and analyzes again)
   */
  public Optional<StoredVerdict> reconsider(PackageRef ref, String sha256) throws IOException {
    Optional<Analysis> analysis = store.analyses().find(sha256, Analyzer.VERSION);
    if (analysis.isEmpty()) {
      return Optional.empty();
    }
    Optional<KnownArtifact> known = store.artifacts().find(ref).filter(a -> a.sha256().equals(sha256));
    if (known.isEmpty()) {
      return Optional.empty(); // re-published since: the next request fetches and judges the new bytes
    }
    PackageFacts facts = adapter(ref.ecosystem()).factsOnRecord(known.get());
    return Optional.of(firstFetch.decideAndStore(ref, facts, analysis.get()).stored());
  }

  /**
   * The verdict {@code candidate} would give {@code ref} with bytes {@code sha256}, from its stored analysis and
   * the approvals stored now, without storing anything: a policy's dry run. Empty when no analysis by the current
   * analyzer is stored or the file is no longer on record with these bytes. Blocking.
   */
  public Optional<Verdict> judgeUnder(Policy candidate, PackageRef ref, String sha256) throws IOException {
    requireNonNull(candidate, "candidate");
    Optional<Analysis> analysis = store.analyses().find(sha256, Analyzer.VERSION);
    Optional<KnownArtifact> known = store.artifacts().find(ref).filter(a -> a.sha256().equals(sha256));
    if (analysis.isEmpty() || known.isEmpty()) {
      return Optional.empty();
    }
    PackageFacts facts = adapter(ref.ecosystem()).factsOnRecord(known.get());
    return Optional.of(candidate.decide(ref, analysis.get(), facts, store.quarantine().reviewsOf(ref, sha256),
        clock.instant()));
  }

  /**
   * Tells the {@link DecisionListener} that a reviewer approved or rejected {@code entry}; call it once the review
   * is committed. Returns at once.
   */
  public void reviewed(QuarantineEntry entry) {
    decisions.reviewed(requireNonNull(entry, "entry"));
  }

  /**
   * Derives again, from their stored analyses, the stored verdicts not derived under the policy in force (after a
   * reload), page by page, so that metadata documents list what the new policy serves at once. A verdict whose
   * analysis is gone is left for its next request, which fetches or analyzes again. Blocking.
   *
   * @param pageSize verdicts read at a time, at most {@link VerdictStore#MAX_PAGE}
   * @return how many verdicts were derived again
   */
  public int rederiveStale(int pageSize) throws IOException {
    int done = 0;
    while (true) {
      String version = policies.get().version(); // a reload while this runs starts the work over for the rest
      List<StoredVerdict> page = store.verdicts().stale(version, Analyzer.VERSION, pageSize);
      int before = done;
      for (StoredVerdict stale : page) {
        if (reconsider(stale.ref(), stale.sha256()).isPresent()) {
          done++;
        }
      }
      // A page that derived nothing holds only verdicts that cannot be derived here; the next page would repeat it.
      if (page.size() < pageSize || done == before) {
        return done;
      }
    }
  }

  private CompletableFuture<GateResult> shared(RequestTarget target, EcosystemAdapter adapter) {
    return claims.<GateResult>claim(target.ref(), mine -> {
      if (!fetchPermits.tryAcquire()) {
        mine.complete(new GateResult.Busy(target, "Gatehouse is already fetching and analyzing %d artifacts "
            + "(server.maxConcurrentFetches); try again shortly".formatted(maxConcurrentFetches)));
        return;
      }
      try {
        blocking.execute(() -> {
          GateResult result = null;
          Throwable failure = null;
          try {
            // Checked again inside: the previous leader may have stored its verdict just before we got here.
            Optional<GateResult> known = known(target, true);
            result = known.isPresent() ? known.get() : firstFetch.fetch(target, adapter);
          } catch (Throwable t) {
            failure = t;
          } finally {
            fetchPermits.release(); // before the claim ends: the next leader must find a permit
          }
          // The verdict is stored by now, and the claim ends with this: late arrivals find it in the store.
          if (failure == null) {
            mine.complete(result);
          } else {
            mine.completeExceptionally(failure);
          }
        });
      } catch (RejectedExecutionException shuttingDown) {
        fetchPermits.release();
        mine.completeExceptionally(shuttingDown);
      }
    }).copy();
  }

  /**
   * The answer from what is stored, or empty when the artifact must be fetched (again). Blocking.
   *
   * @param reanalyze whether a stored blob that the current analyzer has not seen may be analyzed here; only
   *     the one leader of an artifact's shared work does that, so that concurrent requests analyze it once
   */
  private Optional<GateResult> known(RequestTarget target, boolean reanalyze) throws IOException {
    Optional<KnownArtifact> artifact = store.artifacts().find(target.ref());
    if (artifact.isEmpty()) {
      return Optional.empty();
    }
    String sha256 = artifact.get().sha256();
    Optional<StoredVerdict> stored = store.verdicts().find(target.ref(), sha256);
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    StoredVerdict verdict = stored.get();
    // An approval or waiver the verdict rests on may have ended: then it is derived again, and the artifact is held.
    if (!verdict.derivedUnder(policies.get().version(), Analyzer.VERSION) || verdict.expiredAt(clock.instant())) {
      Optional<StoredVerdict> again = rederive(target, artifact.get(), reanalyze);
      if (again.isEmpty()) {
        return Optional.empty();
      }
      verdict = again.get();
    }
    return answer(target, artifact.get(), verdict.verdict());
  }

  /** A policy or analyzer change: judge the stored analysis again, or analyze the stored blob again. */
  private Optional<StoredVerdict> rederive(RequestTarget target, KnownArtifact artifact, boolean reanalyze)
      throws IOException {
    String sha256 = artifact.sha256();
    Optional<Analysis> analysis = store.analyses().find(sha256, Analyzer.VERSION);
    boolean analyzedNow = analysis.isEmpty();
    if (analysis.isEmpty()) {
      if (!reanalyze) {
        return Optional.empty();
      }
      Optional<Blob> blob = store.blobs().find(sha256);
      if (blob.isEmpty()) {
        return Optional.empty(); // blocked bytes are not kept: fetch and analyze them again
      }
      analysis = firstFetch.analyze(target, blob.get());
      if (analysis.isEmpty()) {
        return Optional.empty();
      }
    }
    Analysis derivedFrom = analysis.get();
    PackageFacts facts = adapter(target.ref().ecosystem()).factsOnRecord(artifact);
    return Optional.of(store.catalog().unitOfWork("derive the verdict on " + target.ref() + " again", () -> {
      if (analyzedNow) {
        store.analyses().put(derivedFrom);
      }
      return firstFetch.decideAndStore(target.ref(), facts, derivedFrom).stored();
    }));
  }

  private Optional<GateResult> answer(RequestTarget target, KnownArtifact artifact, Verdict verdict) throws IOException {
    String sha256 = artifact.sha256();
    if (verdict.decision() == Decision.ALLOW) {
      Optional<Blob> blob = store.blobs().find(sha256);
      return blob.map(b -> new GateResult.Admitted(target, artifact, b, verdict, false));
    }
    Optional<QuarantineEntry> entry = Optional.empty();
    if (verdict.decision() == Decision.QUARANTINE) {
      Optional<Analysis> analysis = store.analyses().find(sha256, Analyzer.VERSION);
      if (analysis.isPresent()) {
        entry = store.quarantine().find(target.ref(), sha256, Policy.fingerprint(analysis.get()));
      }
    }
    return Optional.of(new GateResult.Refused(target, verdict, Optional.of(sha256), entry));
  }

  private EcosystemAdapter adapter(Ecosystem ecosystem) {
    EcosystemAdapter adapter = adapters.get(ecosystem);
    if (adapter == null) {
      throw new IllegalStateException("no adapter for " + ecosystem.key() + " is registered with the gate");
    }
    return adapter;
  }
}
