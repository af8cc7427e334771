package dev.gatehouse.core.store;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.policy.Verdict;
import java.time.Instant;
import java.util.Optional;

/**
 * A verdict on one artifact file with given bytes, and what it was derived under: a verdict whose
 * policy or analyzer version is not the current one, or whose {@link #until()} has passed, must be derived again
 * before it is trusted.
 *
 * @param until when an input of the verdict ends (the expiry of an approval or a waiver), after which it must be
 *     derived again; empty when nothing it was derived from expires
 */
public record StoredVerdict(PackageRef ref, String sha256, Verdict verdict, String policyVersion, int analyzerVersion,
    Instant decidedAt, Optional<Instant> until) {

  /** A verdict that nothing it was derived from makes expire. */
  public StoredVerdict(PackageRef ref, String sha256, Verdict verdict, String policyVersion, int analyzerVersion,
      Instant decidedAt) {
    this(ref, sha256, verdict, policyVersion, analyzerVersion, decidedAt, Optional.empty());
  }

  public StoredVerdict {
    requireNonNull(ref, "ref");
    Sha256.require(sha256);
    requireNonNull(verdict, "verdict");
    requireNonNull(policyVersion, "policyVersion");
    requireNonNull(decidedAt, "decidedAt");
    requireNonNull(until, "until");
    if (policyVersion.isBlank()) {
      throw new IllegalArgumentException("a stored verdict names the policy version it was derived under");
    }
  }

  /** Whether this verdict was derived by exactly this policy and analyzer, so it can be used as is. */
  public boolean derivedUnder(String currentPolicyVersion, int currentAnalyzerVersion) {
    return policyVersion.equals(currentPolicyVersion) && analyzerVersion == currentAnalyzerVersion;
  }

  /** Whether an approval or waiver this verdict rests on has ended by {@code now}. */
  public boolean expiredAt(Instant now) {
    return until.isPresent() && !now.isBefore(until.get());
  }
}
