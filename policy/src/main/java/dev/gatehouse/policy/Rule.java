package dev.gatehouse.policy;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.analyzer.Finding;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One rule of a policy: a finding of the shape {@link #when()} leads to {@link #decision()}.
 *
 * <p>Every finding is matched against every rule; the most restrictive decision wins and ties go to the
 * first rule in file order, whose {@link #name()} the verdict carries. A rule never says {@code allow}:
 * an artifact that no rule holds is allowed. {@link #trustedExempt()} lets packages on the trusted list
 * skip a quarantine rule; no package is ever exempt from a block rule.
 */
public record Rule(String name, Decision decision, boolean trustedExempt, Condition when) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  /** The longest rule name: names travel in HTTP reason phrases and audit rows. */
  public static final int MAX_NAME_LENGTH = 64;
  private static final List<String> RESERVED_IN_ORDER =
      List.of(Policy.DENY_RULE, Policy.REJECTED_RULE, Policy.COOLDOWN_RULE, Policy.APPROVED_RULE, Policy.WAIVED_RULE,
          Policy.TRUSTED_RULE, Policy.ESTABLISHED_RULE, Policy.ALLOW_RULE);
  /** Names of the verdicts the policy gives itself, outside any rule; no rule may take them. */
  public static final Set<String> RESERVED_NAMES = Set.copyOf(RESERVED_IN_ORDER);

  public Rule {
    requireNonNull(name, "name");
    requireNonNull(decision, "decision");
    requireNonNull(when, "when");
    checkName(name);
    checkDecision(decision);
    checkExemption(decision, trustedExempt);
  }

  /** @throws IllegalArgumentException when {@code name} cannot name a rule */
  static void checkName(String name) {
    if (name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(("\"%s\" is not a rule name: use lowercase words joined by hyphens, at most"
          + " %d characters, such as build-time-code").formatted(name, MAX_NAME_LENGTH));
    }
    if (RESERVED_NAMES.contains(name)) {
      throw new IllegalArgumentException("\"%s\" is reserved for verdicts the policy gives itself (reserved: %s)"
          .formatted(name, String.join(", ", RESERVED_IN_ORDER)));
    }
  }

  static void checkDecision(Decision decision) {
    if (decision == Decision.ALLOW) {
      throw new IllegalArgumentException("a rule says quarantine or block; an artifact that no rule holds is allowed");
    }
  }

  static void checkExemption(Decision decision, boolean trustedExempt) {
    if (trustedExempt && decision == Decision.BLOCK) {
      throw new IllegalArgumentException("trust never exempts from a block rule; trusted-exempt needs decision"
          + " quarantine");
    }
  }

  /** Whether this rule holds {@code finding}, found in a package of {@code ecosystem}. */
  public boolean matches(Finding finding, Ecosystem ecosystem) {
    return when.matches(finding, ecosystem);
  }

  /** One line in the canonical form that {@link Policy#version()} digests. */
  String canonical() {
    return "rule " + name + " decision=" + decision.key() + " trusted-exempt=" + trustedExempt + " " + when.canonical();
  }
}
