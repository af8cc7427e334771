package dev.gatehouse.proxy.policy;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.Ecosystem;
import java.util.List;
import java.util.Optional;

/**
 * What a policy would change, or changed, compared with the one in force: stored verdicts whose decision or rule
 * differs under it, and metadata documents held now whose listed versions or {@code latest} differ. Both lists are
 * capped ({@link PolicyChanges#MAX_LISTED}); the counts say how many more there are and how much was not looked at.
 *
 * @param applied whether the policy is now in force (a reload) or was only compared (a dry run)
 * @param from the {@code Policy.version()} in force before
 * @param to the {@code Policy.version()} compared or put in force
 * @param verdictsExamined stored verdicts judged again
 * @param verdictsNotExamined stored verdicts beyond the bound of the walk ({@link PolicyChanges#MAX_EXAMINED})
 * @param verdictsNotListed further changed verdicts beyond the listed ones
 * @param documentsNotListed further changed documents beyond the listed ones
 * @param rederived verdicts derived again and stored after the policy was put in force; 0 for a dry run
 */
public record PolicyReport(
    boolean applied,
    String source,
    String from,
    String to,
    List<VerdictChange> verdicts,
    long verdictsExamined,
    long verdictsNotExamined,
    long verdictsNotListed,
    List<DocumentChange> documents,
    long documentsNotListed,
    int rederived) {

  public PolicyReport {
    requireNonNull(source, "source");
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    verdicts = List.copyOf(verdicts);
    documents = List.copyOf(documents);
  }

  /** The report of a policy that was put in force, with the verdicts derived again. */
  PolicyReport appliedWith(int rederivedNow) {
    return new PolicyReport(true, source, from, to, verdicts, verdictsExamined, verdictsNotExamined,
        verdictsNotListed, documents, documentsNotListed, rederivedNow);
  }

  /** One stored verdict whose decision or rule the new policy changes. */
  public record VerdictChange(Ecosystem ecosystem, String name, String version, String file, Decision oldDecision,
      String oldRule, Decision newDecision, String newRule) {
    public VerdictChange {
      requireNonNull(ecosystem, "ecosystem");
      requireNonNull(name, "name");
      requireNonNull(version, "version");
      requireNonNull(file, "file");
      requireNonNull(oldDecision, "oldDecision");
      requireNonNull(oldRule, "oldRule");
      requireNonNull(newDecision, "newDecision");
      requireNonNull(newRule, "newRule");
    }
  }

  /**
   * One held metadata document whose listing the new policy changes.
   *
   * @param shown versions listed under the new policy and not under the old one
   * @param hidden versions listed under the old policy and not under the new one
   * @param latest the tag clients install by default ({@code latest}, Maven's {@code release}), old and new, when
   *     it moves
   */
  public record DocumentChange(Ecosystem ecosystem, String name, List<String> shown, List<String> hidden,
      Optional<String> oldLatest, Optional<String> newLatest) {
    public DocumentChange {
      requireNonNull(ecosystem, "ecosystem");
      requireNonNull(name, "name");
      shown = List.copyOf(shown);
      hidden = List.copyOf(hidden);
      requireNonNull(oldLatest, "oldLatest");
      requireNonNull(newLatest, "newLatest");
    }

    boolean latestMoved() {
      return !oldLatest.equals(newLatest);
    }
  }
}
