package dev.gatehouse.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.gatehouse.analyzer.ArchiveProblem;
import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.Trigger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * One policy file as written, before it is laid over the defaults: the YAML format of {@code docs/policy.md},
 * read strictly. Unknown keys, duplicate keys, wrong types and unknown names are errors that name the key;
 * nothing is guessed.
 */
record PolicyFile(
    boolean extendsDefault,
    List<RuleEntry> rules,
    Trust trust,
    List<DenyEntry> deny,
    Optional<Duration> minimumAge,
    Optional<Duration> newDependencyAge,
    List<Cooldown.Exemption> exemptions) {

  /** The largest policy file read: a policy is a page of rules and lists, never megabytes. */
  static final int MAX_FILE_BYTES = 1 << 20;

  PolicyFile {
    rules = List.copyOf(rules);
    deny = List.copyOf(deny);
    exemptions = List.copyOf(exemptions);
  }

  /**
   * A rule of the file: a full rule, or {@code {name, enabled: false}} that drops the default rule of
   * that name.
   */
  record RuleEntry(FileNode nameNode, String name, boolean enabled, Optional<Rule> rule) {}

  /** Parses {@code text}; {@code source} names the file in every error. */
  static PolicyFile parse(String source, String text) {
    FileNode root = FileNode.root(source, tree(source, text));
    root.mapping("extends", "rules", "trusted", "deny", "cooldown");
    return new PolicyFile(
        extendsDefault(root.field("extends")),
        root.field("rules").list().stream().map(PolicyFile::rule).toList(),
        trust(root.field("trusted")),
        root.field("deny").list().stream().map(PolicyFile::denyEntry).toList(),
        age(root.field("cooldown"), "minimum-age"),
        age(root.field("cooldown"), "new-dependency-age"),
        exemptions(root.field("cooldown")));
  }

  /** The YAML tree of {@code text}: one document, no aliases, no duplicate keys; empty text is an empty mapping. */
  private static JsonNode tree(String source, String text) {
    ObjectMapper yaml = new ObjectMapper(YAMLFactory.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build());
    try {
      // Jackson hands an alias (*name) over as the text "name"; a policy read that way would be wrong
      // without a word, so aliases are refused, and so is a second document that would be ignored.
      try (JsonParser parser = yaml.createParser(text)) {
        int depth = 0;
        int documents = 0;
        for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
          if (depth == 0 && ++documents > 1) {
            throw new PolicyException(at(source, parser.currentTokenLocation())
                + "a policy file holds one YAML document");
          }
          if (((YAMLParser) parser).isCurrentAlias()) {
            throw new PolicyException(at(source, parser.currentTokenLocation())
                + "YAML aliases are not supported in a policy file; write the value out");
          }
          depth += token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
        }
      }
      JsonNode tree = yaml.readTree(text);
      return tree == null || tree.isMissingNode() || tree.isNull() ? yaml.createObjectNode() : tree;
    } catch (JsonProcessingException e) {
      if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
        // SnakeYAML's own message spans lines with a source excerpt; the problem and context say it in one.
        throw new PolicyException("%s: line %d, column %d: not valid YAML: %s%s".formatted(source,
            marked.getProblemMark().getLine() + 1, marked.getProblemMark().getColumn() + 1, marked.getProblem(),
            marked.getContext() == null ? "" : " (" + marked.getContext() + ")"), e);
      }
      String problem = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("").strip();
      throw new PolicyException(at(source, e.getLocation()) + "not valid YAML: " + problem, e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading a string cannot fail", e);
    }
  }

  private static String at(String source, JsonLocation location) {
    return location == null ? source + ": "
        : "%s: line %d, column %d: ".formatted(source, location.getLineNr(), location.getColumnNr());
  }

  private static boolean extendsDefault(FileNode node) {
    if (!node.present()) {
      return true;
    }
    String value = node.text();
    if (!value.equals("default") && !value.equals("none")) {
      throw node.fail("unknown value \"%s\" (known: default, none)".formatted(value));
    }
    return value.equals("default");
  }

  private static RuleEntry rule(FileNode node) {
    node.mapping("name", "decision", "trusted-exempt", "enabled", "when");
    FileNode nameNode = node.field("name");
    String name = nameNode.text();
    boolean enabled = node.field("enabled").bool(true);
    boolean bare = !node.field("decision").present() && !node.field("trusted-exempt").present()
        && !node.field("when").present();
    if (!enabled && bare) {
      return new RuleEntry(nameNode, name, false, Optional.empty());
    }
    nameNode.check(() -> {
      Rule.checkName(name);
      return name;
    });
    FileNode decisionNode = node.field("decision");
    // "allow" is a decision but not a rule's: it gets its own explanation rather than "unknown".
    Decision decision = Decision.ALLOW.key().equals(decisionNode.raw()) ? Decision.ALLOW
        : decisionNode.oneOf("decision", new Decision[] {Decision.QUARANTINE, Decision.BLOCK}, Decision::key);
    decisionNode.check(() -> {
      Rule.checkDecision(decision);
      return decision;
    });
    FileNode exemptNode = node.field("trusted-exempt");
    boolean exempt = exemptNode.bool(false);
    exemptNode.check(() -> {
      Rule.checkExemption(decision, exempt);
      return exempt;
    });
    Condition when = condition(node.field("when"));
    return new RuleEntry(nameNode, name, enabled, Optional.of(new Rule(name, decision, exempt, when)));
  }

  private static Condition condition(FileNode node) {
    if (!node.present()) {
      throw node.fail("missing; a rule says which findings it holds");
    }
    node.mapping("triggers", "capabilities", "any-capabilities", "min-severity", "ecosystems", "archive-problems");
    List<Trigger> triggers = node.field("triggers").nonEmptyList("any trigger").stream()
        .map(n -> n.oneOf("trigger", Trigger.values(), Trigger::key)).toList();
    List<Capability> all = node.field("capabilities").nonEmptyList("findings with any capabilities").stream()
        .map(n -> n.oneOf("capability", Capability.values(), Capability::key)).toList();
    List<Capability> any = node.field("any-capabilities").nonEmptyList("findings with any capabilities").stream()
        .map(n -> n.oneOf("capability", Capability.values(), Capability::key)).toList();
    FileNode severityNode = node.field("min-severity");
    Optional<Severity> minSeverity = severityNode.present()
        ? Optional.of(severityNode.oneOf("severity", Severity.values(), Severity::key)) : Optional.empty();
    List<Ecosystem> ecosystems = node.field("ecosystems").nonEmptyList("every ecosystem").stream()
        .map(n -> n.oneOf("ecosystem", Ecosystem.values(), Ecosystem::key)).toList();
    List<ArchiveProblem> problems = node.field("archive-problems").nonEmptyList("any archive problem").stream()
        .map(n -> n.oneOf("archive problem", ArchiveProblem.values(), ArchiveProblem::key)).toList();
    return node.check(() -> new Condition(triggers, all, any, minSeverity, ecosystems, problems));
  }

  private static Trust trust(FileNode node) {
    if (!node.present()) {
      return Trust.none();
    }
    List<NamePattern> patterns = new ArrayList<>();
    for (String key : node.keys()) {
      FileNode list = node.field(key);
      Ecosystem ecosystem = Ecosystem.fromKey(key);
      if (ecosystem == null) {
        throw list.fail("unknown ecosystem (known: maven, npm, pypi)");
      }
      for (FileNode entry : list.list()) {
        String text = entry.text();
        patterns.add(entry.check(() -> NamePattern.parse(ecosystem, text, true)));
      }
    }
    return new Trust(patterns);
  }

  private static DenyEntry denyEntry(FileNode node) {
    node.mapping("ecosystem", "name", "versions", "reason");
    Ecosystem ecosystem = node.field("ecosystem").oneOf("ecosystem", Ecosystem.values(), Ecosystem::key);
    FileNode nameNode = node.field("name");
    String name = nameNode.text();
    NamePattern pattern = nameNode.check(() -> NamePattern.parse(ecosystem, name, false));
    List<String> versions = node.field("versions").nonEmptyList("every version").stream()
        .map(FileNode::text).toList();
    return new DenyEntry(pattern, versions, node.field("reason").text(""));
  }

  private static Optional<Duration> age(FileNode cooldown, String key) {
    if (!cooldown.present()) {
      return Optional.empty();
    }
    cooldown.mapping("minimum-age", "new-dependency-age", "exceptions");
    FileNode node = cooldown.field(key);
    return node.present() ? Optional.of(duration(node)) : Optional.empty();
  }

  private static Duration duration(FileNode node) {
    if (node.isNumber()) {
      if (node.raw().equals("0")) {
        return Duration.ZERO;
      }
      throw node.fail("the number %s has no unit; write %sh or %sd".formatted(node.raw(), node.raw(), node.raw()));
    }
    String text = node.text();
    return node.check(() -> Cooldown.parseAge(text));
  }

  private static List<Cooldown.Exemption> exemptions(FileNode cooldown) {
    List<Cooldown.Exemption> exemptions = new ArrayList<>();
    for (FileNode node : cooldown.field("exceptions").list()) {
      node.mapping("ecosystem", "name", "version");
      Ecosystem ecosystem = node.field("ecosystem").oneOf("ecosystem", Ecosystem.values(), Ecosystem::key);
      FileNode nameNode = node.field("name");
      String name = nameNode.text();
      nameNode.check(() -> NamePattern.parse(ecosystem, name, true));
      if (name.contains("*")) {
        throw nameNode.fail("\"%s\": an exception names one package, without wildcards".formatted(name));
      }
      exemptions.add(new Cooldown.Exemption(ecosystem, name, node.field("version").text()));
    }
    return exemptions;
  }

  /**
   * The rules of this file laid over {@code base} (the default rules, or none with {@code extends: none}):
   * a rule named like a base rule replaces it in place, {@code enabled: false} drops it, and other rules
   * are appended in file order.
   */
  List<Rule> rulesOver(List<Rule> base) {
    List<Rule> result = new ArrayList<>(base);
    Map<String, String> seen = new HashMap<>();
    for (RuleEntry entry : rules) {
      String first = seen.putIfAbsent(entry.name(), entry.nameNode().path());
      if (first != null) {
        throw entry.nameNode().fail("duplicate rule name \"%s\" (also %s)".formatted(entry.name(), first));
      }
      int at = indexOf(result, entry.name());
      if (!entry.enabled()) {
        if (at >= 0) {
          result.remove(at);
        } else if (entry.rule().isEmpty()) {
          throw entry.nameNode().fail("\"%s\" names no default rule, so enabled: false has nothing to disable (%s)"
              .formatted(entry.name(), base.isEmpty() ? "extends: none, so there are no default rules"
                  : "default rules: " + String.join(", ", base.stream().map(Rule::name).toList())));
        }
      } else if (at >= 0) {
        result.set(at, entry.rule().orElseThrow());
      } else {
        result.add(entry.rule().orElseThrow());
      }
    }
    return result;
  }

  private static int indexOf(List<Rule> rules, String name) {
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
