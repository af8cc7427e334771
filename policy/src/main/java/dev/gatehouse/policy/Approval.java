package dev.gatehouse.policy;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A reviewer's decision to let one quarantined artifact through. It is data, not a policy edit, and it
 * is bound to the artifact's bytes ({@link #sha256()}) and to the findings that were reviewed ({@link
 * #findingsFingerprint()}, see {@link Policy#fingerprint(dev.gatehouse.analyzer.Analysis)}): a
 * re-published artifact or a new finding goes back to review.
 *
 * @param expiresAt when the approval ends and the artifact is held again; empty for an approval without end
 */
public record Approval(String sha256, String findingsFingerprint, String reviewer, String reason, Instant at,
    Optional<Instant> expiresAt) {
  public Approval {
    requireNonNull(sha256, "sha256");
    requireNonNull(findingsFingerprint, "findingsFingerprint");
    requireNonNull(reviewer, "reviewer");
    requireNonNull(reason, "reason");
    requireNonNull(at, "at");
    requireNonNull(expiresAt, "expiresAt");
  }

  /** An approval without end. */
  public Approval(String sha256, String findingsFingerprint, String reviewer, String reason, Instant at) {
    this(sha256, findingsFingerprint, reviewer, reason, at, Optional.empty());
  }

  /** Whether the approval still counts at {@code now}. */
  public boolean activeAt(Instant now) {
    return expiresAt.isEmpty() || now.isBefore(expiresAt.get());
  }
}
