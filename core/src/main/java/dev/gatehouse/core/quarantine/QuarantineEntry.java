package dev.gatehouse.core.quarantine;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.store.Sha256;
import dev.gatehouse.policy.PackageRef;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One artifact held for review: which file and bytes, the findings a reviewer must look at (bound by
 * {@link #findingsFingerprint()}), the rule that held it, and what the reviewer decided.
 *
 * @param id short and URL-safe, {@code q-} and ten lowercase base32 characters, as in {@code q-k3v7mz2qaf};
 *     developers read it in the 403 and reviewers type it
 * @param reasons the verdict's reasons, most important first
 * @param findingsSummary one line per main finding, most severe first, at most {@link
 *     Quarantine#MAX_SUMMARY_LINES}
 * @param review present exactly when {@link #status()} is not {@link Status#PENDING}
 */
public record QuarantineEntry(
    String id,
    PackageRef ref,
    String sha256,
    String findingsFingerprint,
    String rule,
    List<String> reasons,
    List<String> findingsSummary,
    Status status,
    Instant createdAt,
    Optional<Review> review) {

  private static final Pattern ID = Pattern.compile("q-[a-z2-7]{10}");

  /** Where an entry stands in review. */
  public enum Status {
    PENDING,
    APPROVED,
    REJECTED,
    /**
     * Held no longer without a review: a later verdict on the same bytes allows them (a policy reload that trusts
     * the package, a waiver, an analyzer that no longer sees the finding). The review names {@code gatehouse} and
     * the rule that allows them; the entry is pending again if the bytes are held again.
     */
    LIFTED
  }

  /** A reviewer's decision on an entry: who, why and when. */
  public record Review(String reviewer, String reason, Instant at) {
    public Review {
      requireNonNull(reviewer, "reviewer");
      requireNonNull(reason, "reason");
      requireNonNull(at, "at");
      if (reviewer.isBlank()) {
        throw new IllegalArgumentException("a review names its reviewer");
      }
    }
  }

  public QuarantineEntry {
    if (!isId(id)) {
      throw new IllegalArgumentException("not a quarantine id (q- and ten base32 characters): " + id);
    }
    requireNonNull(ref, "ref");
    Sha256.require(sha256);
    requireNonNull(findingsFingerprint, "findingsFingerprint");
    requireNonNull(rule, "rule");
    reasons = List.copyOf(reasons);
    findingsSummary = List.copyOf(findingsSummary);
    requireNonNull(status, "status");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(review, "review");
    if (review.isPresent() == (status == Status.PENDING)) {
      throw new IllegalArgumentException("a " + status + " quarantine entry " + id
          + (review.isPresent() ? " has no review yet" : " needs its review"));
    }
  }

  /** Whether {@code id} has the shape of a quarantine id; anything else can be answered 404 at once. */
  public static boolean isId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  public boolean pending() {
    return status == Status.PENDING;
  }
}
