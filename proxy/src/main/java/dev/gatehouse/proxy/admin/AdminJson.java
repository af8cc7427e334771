package dev.gatehouse.proxy.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.analyzer.Analysis;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditPage;
import dev.gatehouse.core.quarantine.QuarantineEntry;
import dev.gatehouse.core.store.AnalysisJson;
import dev.gatehouse.core.store.StoredVerdict;
import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.policy.Verdict;
import dev.gatehouse.proxy.http.HttpReply;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Optional;

/** The admin API's JSON shapes, written by hand so that field names and order are part of the contract. */
final class AdminJson {
  private final ObjectMapper mapper = new ObjectMapper();
  private final AnalysisJson analyses = new AnalysisJson();

  ObjectNode entry(QuarantineEntry e, Optional<Analysis> analysis) {
    ObjectNode node = mapper.createObjectNode();
    node.put("id", e.id());
    ref(node, e.ref());
    node.put("sha256", e.sha256());
    node.put("status", e.status().name().toLowerCase(java.util.Locale.ROOT));
    node.put("rule", e.rule());
    strings(node.putArray("reasons"), e.reasons());
    strings(node.putArray("findingsSummary"), e.findingsSummary());
    node.put("findingsFingerprint", e.findingsFingerprint());
    node.put("createdAt", e.createdAt().toString());
    e.review().ifPresent(r -> {
      ObjectNode review = node.putObject("review");
      review.put("reviewer", r.reviewer());
      review.put("reason", r.reason());
      review.put("at", r.at().toString());
    });
    analysis.ifPresent(a -> {
      node.put("analyzerVersion", a.analyzerVersion());
      node.set("findings", analyses.findingsToJson(a.findings()));
    });
    return node;
  }

  ObjectNode entries(List<QuarantineEntry> list) {
    ObjectNode node = mapper.createObjectNode();
    ArrayNode items = node.putArray("entries");
    list.forEach(e -> items.add(entry(e, Optional.empty())));
    return node;
  }

  ObjectNode audit(AuditPage page) {
    ObjectNode node = mapper.createObjectNode();
    ArrayNode events = node.putArray("events");
    for (AuditEvent e : page.events()) {
      ObjectNode event = events.addObject();
      event.put("time", e.time().toString());
      event.put("client", e.clientAddress());
      event.put("user", e.user());
      event.put("ecosystem", e.ecosystem().key());
      event.put("package", e.name());
      event.put("version", e.version());
      event.put("file", e.file());
      event.put("sha256", e.sha256());
      event.put("decision", e.decision() == null ? null : e.decision().key());
      event.put("rule", e.rule());
      event.put("status", e.status());
      event.put("bytes", e.bytesSent());
      event.put("requestId", e.requestId());
    }
    node.put("nextCursor", page.nextCursor().orElse(null));
    return node;
  }

  ObjectNode verdicts(List<StoredVerdict> list) {
    ObjectNode node = mapper.createObjectNode();
    ArrayNode items = node.putArray("verdicts");
    for (StoredVerdict v : list) {
      ObjectNode item = items.addObject();
      ref(item, v.ref());
      item.put("sha256", v.sha256());
      verdict(item, v.verdict());
      item.put("policyVersion", v.policyVersion());
      item.put("analyzerVersion", v.analyzerVersion());
      item.put("decidedAt", v.decidedAt().toString());
    }
    return node;
  }

  ObjectNode review(String message, QuarantineEntry entry, Optional<StoredVerdict> verdict) {
    ObjectNode node = mapper.createObjectNode();
    node.put("message", message);
    node.set("entry", entry(entry, Optional.empty()));
    verdict.ifPresent(v -> verdict(node.putObject("verdict"), v.verdict()));
    return node;
  }

  /** The {@code reason} of a review body; empty when the body is no JSON object with a text reason. */
  Optional<String> reason(byte[] body) {
    try {
      JsonNode node = mapper.readTree(body);
      JsonNode reason = node == null ? null : node.get("reason");
      return reason != null && reason.isTextual() ? Optional.of(reason.asText()) : Optional.empty();
    } catch (java.io.IOException malformed) {
      return Optional.empty();
    }
  }

  HttpReply reply(HttpResponseStatus status, JsonNode node) {
    try {
      byte[] body = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
      return HttpReply.Bytes.of(status, "application/json; charset=utf-8", body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain nodes always serializes", e);
    }
  }

  private static void ref(ObjectNode node, PackageRef ref) {
    node.put("ecosystem", ref.ecosystem().key());
    node.put("package", ref.name());
    node.put("version", ref.version());
    node.put("file", ref.file());
  }

  private static void verdict(ObjectNode node, Verdict verdict) {
    node.put("decision", verdict.decision().key());
    node.put("rule", verdict.rule());
    strings(node.putArray("reasons"), verdict.reasons());
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
