package dev.gatehouse.policy;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What reviewers decided that bears on one artifact: the approvals and rejections of its bytes and the waivers of its
 * package. {@link Policy#decide(PackageRef, dev.gatehouse.analyzer.Analysis, PackageFacts, Reviews, Instant)} reads
 * them; a rejection beats a waiver and an approval.
 */
public record Reviews(List<Approval> approvals, List<Rejection> rejections, List<Waiver> waivers) {
  public Reviews {
    approvals = List.copyOf(approvals);
    rejections = List.copyOf(rejections);
    waivers = List.copyOf(waivers);
  }

  /** Nothing decided by anyone. */
  public static Reviews none() {
    return new Reviews(List.of(), List.of(), List.of());
  }

  /** Only approvals. */
  public static Reviews of(List<Approval> approvals) {
    return new Reviews(requireNonNull(approvals, "approvals"), List.of(), List.of());
  }

  /**
   * The first moment after {@code now} when an approval or waiver that counts now ends: a verdict derived from these
   * reviews must be derived again then. Empty when none ends.
   */
  public Optional<Instant> changeAfter(Instant now) {
    return Stream.concat(
            approvals.stream().filter(a -> a.activeAt(now)).map(Approval::expiresAt),
            waivers.stream().filter(w -> w.activeAt(now)).map(Waiver::expiresAt))
        .flatMap(Optional::stream)
        .min(Instant::compareTo);
  }
}
