package dev.gatehouse.policy;

import dev.gatehouse.analyzer.CodeFinding;
import dev.gatehouse.analyzer.Trigger;

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
  private final List<String> establishedHooks;
  private final List<Hold> established = new ArrayList<>();

  Ruling(PackageRef ref, Trust trust, List<String> establishedHooks) {
    this.ref = ref;
    this.trustedBy = trust.trusting(ref.ecosystem(), ref.name());
    this.establishedHooks = establishedHooks;
  }

  /** {@code rule}, the {@code order}-th of the policy, holds the {@code index}-th finding. */
  void hold(int order, Rule rule, int index, Finding finding) {
    Hold hold = new Hold(order, rule.name(), rule.decision(), index, Reasons.of(finding));
    if (rule.trustedExempt() && trustedBy.isPresent()) {
      exempted.add(hold);
    } else if (rule.trustedExempt() && isEstablished(finding)) {
      established.add(new Hold(order, rule.name(), rule.decision(), index, Reasons.clean(
          "%s (`%s`) is unchanged from the releases before this one, so rule %s does not hold it".formatted(
              finding.evidence().location().substring("scripts.".length()), finding.evidence().excerpt(),
              rule.name()))));
    } else {
      holds.add(hold);
    }
  }

  /** A hold that comes from no finding (the cooldown); {@code order} places it among the rules. */
  void hold(int order, String rule, Decision decision, String reason) {
    holds.add(new Hold(order, rule, decision, -1, Reasons.clean(reason)));
  }

  /** An install script finding about a hook the package's recent releases all had word for word. */
  private boolean isEstablished(Finding finding) {
    return !establishedHooks.isEmpty() && finding instanceof CodeFinding code
        && code.trigger() == Trigger.NPM_LIFECYCLE_SCRIPT && code.evidence().location().startsWith("scripts.")
        && establishedHooks.contains(code.evidence().location().substring("scripts.".length()) + ": "
            + code.evidence().excerpt());
  }

  Verdict verdict() {
    if (holds.isEmpty() && exempted.isEmpty() && !established.isEmpty()) {
      return new Verdict(Decision.ALLOW, Policy.ESTABLISHED_RULE, Reasons.bounded(
          established.stream().sorted(MOST_IMPORTANT_FIRST).map(Hold::reason).toList()));
    }
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
