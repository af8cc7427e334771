package dev.gatehouse.core.store;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.policy.Verdict;
import java.time.Instant;

/**
 * A verdict on one artifact file with given bytes, and what it was derived under: a verdict whose
 * policy or analyzer version is not the current one must be derived again before it is trusted.
 */
public record StoredVerdict(
    PackageRef ref, String sha256, Verdict verdict, String policyVersion, int analyzerVersion, Instant decidedAt) {

  public StoredVerdict {
    requireNonNull(ref, "ref");
    Sha256.require(sha256);
    requireNonNull(verdict, "verdict");
    requireNonNull(policyVersion, "policyVersion");
    requireNonNull(decidedAt, "decidedAt");
    if (policyVersion.isBlank()) {
      throw new IllegalArgumentException("a stored verdict names the policy version it was derived under");
    }
  }

  /** Whether this verdict was derived by exactly this policy and analyzer, so it can be used as is. */
  public boolean derivedUnder(String currentPolicyVersion, int currentAnalyzerVersion) {
    return policyVersion.equals(currentPolicyVersion) && analyzerVersion == currentAnalyzerVersion;
  }
}
