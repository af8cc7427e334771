package dev.gatehouse.core.gate;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.quarantine.QuarantineEntry;
import dev.gatehouse.core.store.Blob;
import dev.gatehouse.core.store.KnownArtifact;
import dev.gatehouse.policy.Verdict;
import java.util.Optional;

/** What the {@link Gate} decided for one request; routes turn each variant into a response. */
public sealed interface GateResult {
  RequestTarget target();

  /** Serve {@code blob}: a verified, analyzed artifact whose verdict is ALLOW. */
  record Admitted(RequestTarget target, KnownArtifact artifact, Blob blob, Verdict verdict, boolean firstFetch)
      implements GateResult {
    public Admitted {
      requireNonNull(target, "target");
      requireNonNull(artifact, "artifact");
      requireNonNull(blob, "blob");
      requireNonNull(verdict, "verdict");
    }
  }

  /**
   * Refused: a QUARANTINE or BLOCK verdict, a digest mismatch or an analysis failure.
   *
   * @param sha256 the artifact's bytes when they were seen
   * @param entry the quarantine entry a reviewer decides on, for a stored QUARANTINE verdict
   */
  record Refused(RequestTarget target, Verdict verdict, Optional<String> sha256, Optional<QuarantineEntry> entry)
      implements GateResult {
    public Refused {
      requireNonNull(target, "target");
      requireNonNull(verdict, "verdict");
      requireNonNull(sha256, "sha256");
      requireNonNull(entry, "entry");
      if (verdict.allowed()) {
        throw new IllegalArgumentException("a refusal needs a QUARANTINE or BLOCK verdict: " + verdict);
      }
    }
  }

  /** No upstream has the artifact. */
  record Missing(RequestTarget target) implements GateResult {}

  /** The upstreams failed (error, cut body, limit) or {@link #timedOut() timed out}; nothing was kept. */
  record UpstreamFailed(RequestTarget target, String sentence, boolean timedOut) implements GateResult {}

  /** Too many first fetches at once ({@code server.maxConcurrentFetches}); try again shortly. */
  record Busy(RequestTarget target, String sentence) implements GateResult {}
}
