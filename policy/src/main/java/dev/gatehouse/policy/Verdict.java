package dev.gatehouse.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The outcome of the policy for one artifact: a {@link Decision}, the rule that decided it, and the
 * reasons a developer reads in the 403 (most important first).
 */
public record Verdict(Decision decision, String rule, List<String> reasons) {
  public Verdict {
    requireNonNull(decision, "decision");
    requireNonNull(rule, "rule");
    if (rule.isBlank()) {
      throw new IllegalArgumentException("a verdict names the rule that decided it");
    }
    reasons = List.copyOf(reasons);
  }

  public static Verdict allow(String rule) {
    return new Verdict(Decision.ALLOW, rule, List.of());
  }

  public static Verdict quarantine(String rule, List<String> reasons) {
    return new Verdict(Decision.QUARANTINE, rule, reasons);
  }

  public static Verdict quarantine(String rule, String reason) {
    return quarantine(rule, List.of(reason));
  }

  public static Verdict block(String rule, List<String> reasons) {
    return new Verdict(Decision.BLOCK, rule, reasons);
  }

  public static Verdict block(String rule, String reason) {
    return block(rule, List.of(reason));
  }

  public boolean allowed() {
    return decision == Decision.ALLOW;
  }
}
