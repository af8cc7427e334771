package dev.gatehouse.policy;

import dev.gatehouse.analyzer.Finding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The holds that rules put on one artifact while {@link Policy#decide} walks its findings, and the
 * verdict they add up to: the most restrictive decision wins, ties go to the first rule in policy order,
 * and the reasons are the findings behind the winning decision, the deciding rule's first.
 *
 * <p>Not thread-safe; one ruling lives for one call of {@code decide}.
 */
final class Ruling {
  /** One rule holding one finding; {@code order} is the rule's place in the policy, {@code finding} the finding's. */
  private record Hold(int order, String rule, Decision decision, int finding, String reason) {}

  private static final Comparator<Hold> MOST_IMPORTANT_FIRST =
      Comparator.comparingInt(Hold::order).thenComparingInt(Hold::finding);

  private final PackageRef ref;
  private final Optional<NamePattern> trustedBy;
  private final List<Hold> holds = new ArrayList<>();
  private final List<Hold> exempted = new ArrayList<>();

  Ruling(PackageRef ref, Trust trust) {
    this.ref = ref;
    this.trustedBy = trust.trusting(ref.ecosystem(), ref.name());
  }

  /** {@code rule}, the {@code order}-th of the policy, holds the {@code index}-th finding. */
  void hold(int order, Rule rule, int index, Finding finding) {
    Hold hold = new Hold(order, rule.name(), rule.decision(), index, Reasons.of(finding));
    if (rule.trustedExempt() && trustedBy.isPresent()) {
      exempted.add(hold);
    } else {
      holds.add(hold);
    }
  }

  /** A hold that comes from no finding (the cooldown); {@code order} places it among the rules. */
  void hold(int order, String rule, Decision decision, String reason) {
    holds.add(new Hold(order, rule, decision, -1, Reasons.clean(reason)));
  }

  Verdict verdict() {
    if (holds.isEmpty()) {
      return exempted.isEmpty() ? Verdict.allow(Policy.ALLOW_RULE) : trusted();
    }
    Decision decision = holds.stream().map(Hold::decision).max(Comparator.naturalOrder()).orElseThrow();
    List<Hold> deciding = holds.stream()
        .filter(h -> h.decision() == decision)
        .sorted(MOST_IMPORTANT_FIRST)
        .toList();
    return new Verdict(decision, deciding.get(0).rule(),
        Reasons.bounded(deciding.stream().map(Hold::reason).toList()));
  }

  private Verdict trusted() {
    List<Hold> sorted = exempted.stream().sorted(MOST_IMPORTANT_FIRST).toList();
    List<String> rules = List.copyOf(new LinkedHashSet<>(sorted.stream().map(Hold::rule).toList()));
    NamePattern pattern = trustedBy.orElseThrow();
    List<String> reasons = new ArrayList<>();
    reasons.add(Reasons.clean("%s is trusted (trusted.%s: \"%s\"), so %s %s not hold it".formatted(
        ref.name(), pattern.ecosystem().key(), pattern, rules.size() == 1 ? "rule" : "rules",
        Reasons.joined(rules) + (rules.size() == 1 ? " does" : " do"))));
    reasons.addAll(Reasons.bounded(sorted.stream().map(Hold::reason).toList()));
    return new Verdict(Decision.ALLOW, Policy.TRUSTED_RULE, reasons);
  }
}
