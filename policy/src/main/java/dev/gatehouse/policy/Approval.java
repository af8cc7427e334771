package dev.gatehouse.policy;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A reviewer's decision to let one quarantined artifact through. It is data, not a policy edit, and it
 * is bound to the artifact's bytes ({@link #sha256()}) and to the findings that were reviewed ({@link
 * #findingsFingerprint()}, see {@link Policy#fingerprint(dev.gatehouse.analyzer.Analysis)}): a
 * re-published artifact or a new finding goes back to review.
 */
public record Approval(String sha256, String findingsFingerprint, String reviewer, String reason, Instant at) {
  public Approval {
    requireNonNull(sha256, "sha256");
    requireNonNull(findingsFingerprint, "findingsFingerprint");
    requireNonNull(reviewer, "reviewer");
    requireNonNull(reason, "reason");
    requireNonNull(at, "at");
  }
}
