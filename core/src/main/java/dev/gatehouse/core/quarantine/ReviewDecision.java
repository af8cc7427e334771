package dev.gatehouse.core.quarantine;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.policy.PackageRef;
import java.time.Instant;
import java.util.Optional;

/**
 * One decision a reviewer made on a quarantine entry, as the audit trail of decisions keeps it: who did what to which
 * bytes, why and when. Written in the same transaction as the decision and the verdict it changed.
 *
 * @param expiresAt the end an approval was given; empty otherwise
 */
public record ReviewDecision(String entryId, PackageRef ref, ReviewAction action, String reviewer, String reason,
    Instant at, Optional<Instant> expiresAt, String sha256) {
  public ReviewDecision {
    requireNonNull(entryId, "entryId");
    requireNonNull(ref, "ref");
    requireNonNull(action, "action");
    requireNonNull(reviewer, "reviewer");
    requireNonNull(reason, "reason");
    requireNonNull(at, "at");
    requireNonNull(expiresAt, "expiresAt");
    requireNonNull(sha256, "sha256");
  }
}
