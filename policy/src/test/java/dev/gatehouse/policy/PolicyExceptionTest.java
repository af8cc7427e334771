package dev.gatehouse.policy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.analyzer.ArchiveProblem;
import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.Trigger;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every mistake in a policy file is refused with a message naming the file, the key and what is wrong. */
class PolicyExceptionTest {
  private static final String DEFAULT_RULES = "hostile-archive, exfiltration, encoded-payload-execution,"
      + " install-hook-exfiltration, service-spawns-process, startup-hook-payload, unreadable-archive,"
      + " build-time-code, install-time-code, import-time-code, version-change, remote-code-at-load, critical-finding";

  private static <E> String known(E[] values, Function<E, String> key) {
    return Arrays.stream(values).map(key).collect(Collectors.joining(", "));
  }

  /** A rule around {@code when}, so that each case shows only what it is about. */
  private static String ruleWhen(String when) {
    return "rules:\n  - name: r\n    decision: quarantine\n    when: " + when + "\n";
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of("broken YAML syntax", "rules: [\n",
            "line 2, column 1: not valid YAML: expected the node content, but found '<stream end>' (while parsing a flow node)"),
        Arguments.of("a duplicate key", "rules: []\nrules: []\n",
            "line 2, column 6: not valid YAML: Duplicate field 'rules'"),
        Arguments.of("a YAML alias", "trusted: &t { npm: [a] }\ndeny: *t\n",
            "line 2, column 7: YAML aliases are not supported in a policy file; write the value out"),
        Arguments.of("a second YAML document", "rules: []\n---\nrules: []\n",
            "line 3, column 1: a policy file holds one YAML document"),
        Arguments.of("a file that is a list", "- a\n",
            "expected a mapping with keys extends, rules, trusted, deny, cooldown, found a list"),
        Arguments.of("an unknown top-level key", "rulez: []\n",
            "rulez: unknown key (known: extends, rules, trusted, deny, cooldown)"),
        Arguments.of("an unknown extends value", "extends: defaults\n",
            "extends: unknown value \"defaults\" (known: default, none)"),
        Arguments.of("rules that are not a list", "rules: { name: x }\n",
            "rules: expected a list, found a mapping"),
        Arguments.of("an unknown rule key", "rules:\n  - { name: r, decision: block, whenn: {} }\n",
            "rules[0].whenn: unknown key (known: name, decision, trusted-exempt, enabled, when)"),
        Arguments.of("a rule without a name", "rules:\n  - { decision: block, when: { min-severity: high } }\n",
            "rules[0].name: missing"),
        Arguments.of("a rule name that is not lowercase words",
            "rules:\n  - { name: Build Time, decision: block, when: { min-severity: high } }\n",
            "rules[0].name: \"Build Time\" is not a rule name: use lowercase words joined by hyphens, at most 64"
                + " characters, such as build-time-code"),
        Arguments.of("a reserved rule name", "rules:\n  - { name: approved, decision: block, when: { min-severity: high } }\n",
            "rules[0].name: \"approved\" is reserved for verdicts the policy gives itself"
                + " (reserved: deny, rejected, cooldown, approved, waived, trusted, established-behaviour, no-blocking-findings)"),
        Arguments.of("two rules of one name", "rules:\n"
                + "  - { name: r, decision: block, when: { min-severity: critical } }\n"
                + "  - { name: r, decision: quarantine, when: { min-severity: high } }\n",
            "rules[1].name: duplicate rule name \"r\" (also rules[0].name)"),
        Arguments.of("an unknown decision", "rules:\n  - { name: r, decision: blok, when: { min-severity: high } }\n",
            "rules[0].decision: unknown decision \"blok\" (known: quarantine, block)"),
        Arguments.of("a rule that allows", "rules:\n  - { name: r, decision: allow, when: { min-severity: high } }\n",
            "rules[0].decision: a rule says quarantine or block; an artifact that no rule holds is allowed"),
        Arguments.of("a rule without a decision", "rules:\n  - { name: r, when: { min-severity: high } }\n",
            "rules[0].decision: missing"),
        Arguments.of("a trusted-exempt block rule",
            "rules:\n  - { name: r, decision: block, trusted-exempt: true, when: { min-severity: high } }\n",
            "rules[0].trusted-exempt: trust never exempts from a block rule; trusted-exempt needs decision quarantine"),
        Arguments.of("trusted-exempt written as text",
            "rules:\n  - { name: r, decision: quarantine, trusted-exempt: \"yes\", when: { min-severity: high } }\n",
            "rules[0].trusted-exempt: expected true or false, found text \"yes\""),
        Arguments.of("a rule without a condition", "rules:\n  - { name: r, decision: block }\n",
            "rules[0].when: missing; a rule says which findings it holds"),
        Arguments.of("an unknown condition key", ruleWhen("{ trigger: [java-agent] }"),
            "rules[0].when.trigger: unknown key (known: triggers, capabilities, any-capabilities, min-severity,"
                + " ecosystems, archive-problems)"),
        Arguments.of("a misspelt capability", "rules:\n"
                + "  - { name: a, decision: block, when: { min-severity: critical } }\n"
                + "  - { name: b, decision: block, when: { min-severity: critical } }\n"
                + "  - { name: c, decision: block, when: { capabilities: [netwrk, credential-read] } }\n",
            "rules[2].when.capabilities[0]: unknown capability \"netwrk\" (known: "
                + known(Capability.values(), Capability::key) + ")"),
        Arguments.of("a misspelt any-capability", ruleWhen("{ any-capabilities: [network, shell] }"),
            "rules[0].when.any-capabilities[1]: unknown capability \"shell\" (known: "
                + known(Capability.values(), Capability::key) + ")"),
        Arguments.of("a misspelt trigger", ruleWhen("{ triggers: [postinstall] }"),
            "rules[0].when.triggers[0]: unknown trigger \"postinstall\" (known: "
                + known(Trigger.values(), Trigger::key) + ")"),
        Arguments.of("a misspelt archive problem", ruleWhen("{ archive-problems: [zip-slip] }"),
            "rules[0].when.archive-problems[0]: unknown archive problem \"zip-slip\" (known: "
                + known(ArchiveProblem.values(), ArchiveProblem::key) + ")"),
        Arguments.of("an unknown severity", ruleWhen("{ min-severity: severe }"),
            "rules[0].when.min-severity: unknown severity \"severe\" (known: info, low, medium, high, critical)"),
        Arguments.of("an unknown ecosystem in a condition", ruleWhen("{ ecosystems: [cargo], min-severity: high }"),
            "rules[0].when.ecosystems[0]: unknown ecosystem \"cargo\" (known: maven, npm, pypi)"),
        Arguments.of("a single trigger not written as a list", ruleWhen("{ triggers: java-agent }"),
            "rules[0].when.triggers: expected a list, found text \"java-agent\"; write [java-agent]"),
        Arguments.of("an empty trigger list", ruleWhen("{ triggers: [], min-severity: high }"),
            "rules[0].when.triggers: empty list; remove the key to match any trigger"),
        Arguments.of("a condition on code and archive problems at once",
            ruleWhen("{ triggers: [java-agent], archive-problems: [bomb] }"),
            "rules[0].when: a condition names archive problems or code (triggers, capabilities), never both: no finding is both"),
        Arguments.of("a condition that would match every finding", ruleWhen("{ ecosystems: [npm] }"),
            "rules[0].when: a condition that names no trigger, capability, archive problem or severity would match every finding"),
        Arguments.of("disabling a rule that does not exist", "rules:\n  - { name: critical-findings, enabled: false }\n",
            "rules[0].name: \"critical-findings\" names no default rule, so enabled: false has nothing to disable"
                + " (default rules: " + DEFAULT_RULES + ")"),
        Arguments.of("disabling a default rule without the defaults",
            "extends: none\nrules:\n  - { name: exfiltration, enabled: false }\n",
            "rules[0].name: \"exfiltration\" names no default rule, so enabled: false has nothing to disable"
                + " (extends: none, so there are no default rules)"),
        Arguments.of("trusted names of an unknown ecosystem", "trusted: { cargo: [serde] }\n",
            "trusted.cargo: unknown ecosystem (known: maven, npm, pypi)"),
        Arguments.of("a trusted list that is a list", "trusted: [esbuild]\n",
            "trusted: expected a mapping, found a list"),
        Arguments.of("an empty trusted entry", "trusted: { npm: [esbuild, null] }\n",
            "trusted.npm[1]: expected text, found nothing"),
        Arguments.of("a Maven name without a group", "trusted: { maven: [lombok] }\n",
            "trusted.maven[0]: \"lombok\" is not a Maven groupId:artifactId (* matches within one part)"),
        Arguments.of("a trusted Maven glob on any group", "trusted: { maven: [\"*:lombok\"] }\n",
            "trusted.maven[0]: \"*:lombok\" starts with a wildcard, which would trust names anyone can publish;"
                + " start with a group, scope or name"),
        Arguments.of("a trusted npm glob on any scope", "trusted: { npm: [\"@*/cli\"] }\n",
            "trusted.npm[0]: \"@*/cli\" starts with a wildcard, which would trust names anyone can publish;"
                + " start with a group, scope or name"),
        Arguments.of("an npm name with a space", "trusted: { npm: [\"es build\"] }\n",
            "trusted.npm[0]: \"es build\" is not an npm package name or @scope/name (* matches within one part)"),
        Arguments.of("a PyPI name with a slash", "trusted: { pypi: [\"a/b\"] }\n",
            "trusted.pypi[0]: \"a/b\" is not a PyPI project name (letters, digits, . _ -; * matches any run of them)"),
        Arguments.of("a deny entry without an ecosystem", "deny:\n  - { name: x }\n",
            "deny[0].ecosystem: missing"),
        Arguments.of("a deny entry of an unknown ecosystem", "deny:\n  - { ecosystem: cargo, name: x }\n",
            "deny[0].ecosystem: unknown ecosystem \"cargo\" (known: maven, npm, pypi)"),
        Arguments.of("an unknown deny key", "deny:\n  - { ecosystem: npm, name: x, version: \"1.0.0\" }\n",
            "deny[0].version: unknown key (known: ecosystem, name, versions, reason)"),
        Arguments.of("a version YAML reads as a number", "deny:\n  - { ecosystem: npm, name: x, versions: [1.10] }\n",
            "deny[0].versions[0]: 1.1 is read by YAML as a number; quote it (\"1.1\") so that it is read exactly as written"),
        Arguments.of("an empty version list", "deny:\n  - { ecosystem: npm, name: x, versions: [] }\n",
            "deny[0].versions: empty list; remove the key to match every version"),
        Arguments.of("an empty deny reason", "deny:\n  - { ecosystem: npm, name: x, reason: \"\" }\n",
            "deny[0].reason: empty text"),
        Arguments.of("an unknown cooldown key", "cooldown: { min-age: 3d }\n",
            "cooldown.min-age: unknown key (known: minimum-age, new-dependency-age, exceptions)"),
        Arguments.of("a minimum age in words", "cooldown: { minimum-age: 3 days }\n",
            "cooldown.minimum-age: \"3 days\" is not a duration (such as 0s, 90m, 72h, 7d or 1d12h)"),
        Arguments.of("a minimum age without a unit", "cooldown: { minimum-age: 72 }\n",
            "cooldown.minimum-age: the number 72 has no unit; write 72h or 72d"),
        Arguments.of("a minimum age over a year", "cooldown: { minimum-age: 400d }\n",
            "cooldown.minimum-age: 400d is longer than 365d; use the deny list to hold a package back for good"),
        Arguments.of("a cooldown exception for a glob",
            "cooldown:\n  exceptions:\n    - { ecosystem: npm, name: \"x*\", version: \"1.0.0\" }\n",
            "cooldown.exceptions[0].name: \"x*\": an exception names one package, without wildcards"),
        Arguments.of("a cooldown exception without a version",
            "cooldown:\n  exceptions:\n    - { ecosystem: npm, name: x }\n",
            "cooldown.exceptions[0].version: missing"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void mistakeIsRefusedWithAMessageNamingTheFileAndKey(String mistake, String yaml, String message) {
    assertThatThrownBy(() -> Policy.parse("policy.yml", yaml))
        .isInstanceOf(PolicyException.class)
        .hasMessage("policy.yml: " + message);
  }
}
