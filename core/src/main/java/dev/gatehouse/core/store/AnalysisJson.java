package dev.gatehouse.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.analyzer.Analysis;
import dev.gatehouse.analyzer.ArchiveFinding;
import dev.gatehouse.analyzer.ArchiveProblem;
import dev.gatehouse.analyzer.ArtifactKind;
import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.CodeFinding;
import dev.gatehouse.analyzer.Evidence;
import dev.gatehouse.analyzer.Finding;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.Trigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The JSON form of an {@link Analysis} and its {@link Finding}s, both ways. It is stored in the
 * database and printed by the admin API and {@code gatehouse scan --json}, so its shape is a contract:
 *
 * <pre>{@code
 * {"sha256": "…", "analyzerVersion": 1, "kind": "jar", "findings": [
 *   {"type": "code", "trigger": "static-initializer", "capabilities": ["network", "credential-read"],
 *    "severity": "critical", "summary": "…", "path": "fixture/Beacon.class",
 *    "location": "fixture.Beacon#<clinit>", "evidence": "…"},
 *   {"type": "archive", "problem": "path-traversal", "severity": "high", "summary": "…",
 *    "path": "../../etc/x", "location": "", "evidence": "…"}]}
 * }</pre>
 *
 * Enum values are written as their {@code key()}s. Reading is strict: a missing field or an unknown key
 * is an {@link IllegalArgumentException} naming the field, never a silently dropped finding. Thread-safe.
 */
public final class AnalysisJson {
  private final ObjectMapper mapper = new ObjectMapper();

  /** The whole analysis as a JSON document. */
  public String write(Analysis analysis) {
    return serialize(toJson(analysis));
  }

  /** Reads what {@link #write} wrote. */
  public Analysis read(String json) {
    return fromJson(parse(json, "analysis"));
  }

  /** The findings alone, as a JSON array. */
  public String writeFindings(List<Finding> findings) {
    return serialize(findingsToJson(findings));
  }

  /** Reads what {@link #writeFindings} wrote. */
  public List<Finding> readFindings(String json) {
    return findingsFromJson(parse(json, "findings"), "findings");
  }

  public ObjectNode toJson(Analysis analysis) {
    ObjectNode node = mapper.createObjectNode();
    node.put("sha256", analysis.sha256());
    node.put("analyzerVersion", analysis.analyzerVersion());
    node.put("kind", kindKey(analysis.kind()));
    node.set("findings", findingsToJson(analysis.findings()));
    return node;
  }

  public ArrayNode findingsToJson(List<Finding> findings) {
    ArrayNode array = mapper.createArrayNode();
    findings.forEach(finding -> array.add(toJson(finding)));
    return array;
  }

  public ObjectNode toJson(Finding finding) {
    ObjectNode node = mapper.createObjectNode();
    if (finding instanceof CodeFinding code) {
      node.put("type", "code");
      node.put("trigger", code.trigger().key());
      ArrayNode capabilities = node.putArray("capabilities");
      code.capabilities().forEach(c -> capabilities.add(c.key()));
    } else if (finding instanceof ArchiveFinding archive) {
      node.put("type", "archive");
      node.put("problem", archive.problem().key());
    }
    node.put("severity", finding.severity().key());
    node.put("summary", finding.summary());
    node.put("path", finding.evidence().path());
    node.put("location", finding.evidence().location());
    node.put("evidence", finding.evidence().excerpt());
    return node;
  }

  public Analysis fromJson(JsonNode node) {
    object(node, "analysis");
    JsonNode version = node.get("analyzerVersion");
    if (version == null || !version.canConvertToInt()) {
      throw new IllegalArgumentException("analysis JSON: analyzerVersion: missing or not an integer");
    }
    ArtifactKind kind = key(node, "kind", "analysis", AnalysisJson::kindFromKey);
    List<Finding> findings = findingsFromJson(node.get("findings"), "findings");
    try {
      return new Analysis(text(node, "sha256", "analysis"), version.intValue(), kind, findings);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("analysis JSON: " + e.getMessage(), e);
    }
  }

  public Finding findingFromJson(JsonNode node) {
    return findingFromJson(node, "finding");
  }

  private List<Finding> findingsFromJson(JsonNode array, String where) {
    if (array == null || !array.isArray()) {
      throw new IllegalArgumentException("analysis JSON: " + where + ": missing or not an array");
    }
    List<Finding> findings = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      findings.add(findingFromJson(array.get(i), where + "[" + i + "]"));
    }
    return findings;
  }

  private Finding findingFromJson(JsonNode node, String where) {
    object(node, where);
    Severity severity = key(node, "severity", where, AnalysisJson::severityFromKey);
    String summary = text(node, "summary", where);
    Evidence evidence = new Evidence(
        text(node, "path", where), text(node, "location", where), text(node, "evidence", where));
    String type = text(node, "type", where);
    switch (type) {
      case "code":
        Trigger trigger = key(node, "trigger", where, Trigger::fromKey);
        JsonNode keys = node.get("capabilities");
        if (keys == null || !keys.isArray()) {
          throw new IllegalArgumentException("analysis JSON: " + where + ".capabilities: missing or not an array");
        }
        List<Capability> capabilities = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
          String at = where + ".capabilities[" + i + "]";
          Capability capability = keys.get(i).isTextual() ? Capability.fromKey(keys.get(i).textValue()) : null;
          if (capability == null) {
            throw new IllegalArgumentException("analysis JSON: " + at + ": unknown capability " + keys.get(i));
          }
          capabilities.add(capability);
        }
        return new CodeFinding(trigger, capabilities, severity, summary, evidence);
      case "archive":
        ArchiveProblem problem = key(node, "problem", where, ArchiveProblem::fromKey);
        return new ArchiveFinding(problem, severity, summary, evidence);
      default:
        throw new IllegalArgumentException(
            "analysis JSON: " + where + ".type: expected \"code\" or \"archive\", was \"" + type + "\"");
    }
  }

  private static void object(JsonNode node, String where) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("analysis JSON: " + where + ": expected an object");
    }
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("analysis JSON: " + where + "." + field + ": missing or not a string");
    }
    return value.textValue();
  }

  private static <E> E key(JsonNode node, String field, String where, Function<String, E> fromKey) {
    String key = text(node, field, where);
    E value = fromKey.apply(key);
    if (value == null) {
      throw new IllegalArgumentException("analysis JSON: " + where + "." + field + ": unknown value \"" + key + "\"");
    }
    return value;
  }

  /** {@code NPM_TARBALL} is written {@code npm-tarball}, in the style of the other keys. */
  static String kindKey(ArtifactKind kind) {
    return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static ArtifactKind kindFromKey(String key) {
    for (ArtifactKind kind : ArtifactKind.values()) {
      if (kindKey(kind).equals(key)) {
        return kind;
      }
    }
    return null;
  }

  static Severity severityFromKey(String key) {
    for (Severity severity : Severity.values()) {
      if (severity.key().equals(key)) {
        return severity;
      }
    }
    return null;
  }

  private JsonNode parse(String json, String what) {
    try {
      return mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("analysis JSON: " + what + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private String serialize(JsonNode node) {
    try {
      return mapper.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }
}
