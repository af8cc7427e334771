package dev.gatehouse.core.store;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageRef;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The files of one package whose latest stored verdict is QUARANTINE or BLOCK, for metadata filters:
 * npm and Maven hide a whole {@link #refusesVersion version}, PyPI hides single {@link #refuses files}.
 *
 * @param files sorted by version, then file
 * @param refusals what is known of each refused file's verdict and review, for the sentence a client is shown
 *     and for telling a quarantine that waits for review from a refusal for good; a file without one counts
 *     as refused for good
 */
public record RefusedFiles(Ecosystem ecosystem, String name, List<PackageRef> files, List<Refusal> refusals) {
  private static final Comparator<PackageRef> ORDER =
      Comparator.comparing(PackageRef::version).thenComparing(PackageRef::file);

  /**
   * Why one file is refused.
   *
   * @param reason the verdict's first reason, or empty
   * @param pendingReview the id of the quarantine entry a reviewer has yet to decide; empty for a block, a
   *     rejected entry, or a quarantine without an entry (a cooldown decided before download)
   */
  public record Refusal(PackageRef ref, Decision decision, String rule, String reason,
      Optional<String> pendingReview) {
    public Refusal {
      requireNonNull(ref, "ref");
      requireNonNull(decision, "decision");
      requireNonNull(rule, "rule");
      requireNonNull(reason, "reason");
      requireNonNull(pendingReview, "pendingReview");
      if (decision == Decision.ALLOW) {
        throw new IllegalArgumentException("an allowed file is not refused: " + ref);
      }
    }
  }

  public RefusedFiles(Ecosystem ecosystem, String name, List<PackageRef> files) {
    this(ecosystem, name, files, List.of());
  }

  public RefusedFiles {
    requireNonNull(ecosystem, "ecosystem");
    requireNonNull(name, "name");
    for (PackageRef ref : files) {
      if (ref.ecosystem() != ecosystem || !ref.name().equals(name)) {
        throw new IllegalArgumentException("%s is not a file of %s %s".formatted(ref, ecosystem.key(), name));
      }
    }
    files = files.stream().sorted(ORDER).toList();
    refusals = refusals.stream().sorted(Comparator.comparing(Refusal::ref, ORDER)).toList();
  }

  /** The versions with at least one refused file, in string order. */
  public SortedSet<String> versions() {
    TreeSet<String> versions = new TreeSet<>();
    files.forEach(ref -> versions.add(ref.version()));
    return Collections.unmodifiableSortedSet(versions);
  }

  public boolean refusesVersion(String version) {
    return files.stream().anyMatch(ref -> ref.version().equals(version));
  }

  public boolean refuses(String version, String file) {
    return files.stream().anyMatch(ref -> ref.version().equals(version) && ref.file().equals(file));
  }

  /** What is known of why {@code ref} is refused. */
  public Optional<Refusal> refusal(PackageRef ref) {
    return refusals.stream().filter(r -> r.ref().equals(ref)).findFirst();
  }

  /** The refused files of {@code version}. */
  public List<PackageRef> filesOf(String version) {
    return files.stream().filter(ref -> ref.version().equals(version)).toList();
  }

  public boolean isEmpty() {
    return files.isEmpty();
  }
}
