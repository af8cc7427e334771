package dev.gatehouse.policy;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A reviewer's decision that one artifact's bytes must never be served. It is bound to the bytes only, not to the
 * findings: a rejected artifact stays refused whatever a later analyzer, policy, approval or waiver says about it.
 */
public record Rejection(String sha256, String reviewer, String reason, Instant at) {
  public Rejection {
    requireNonNull(sha256, "sha256");
    requireNonNull(reviewer, "reviewer");
    requireNonNull(reason, "reason");
    requireNonNull(at, "at");
  }
}
