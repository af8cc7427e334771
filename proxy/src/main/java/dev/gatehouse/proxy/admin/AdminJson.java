package dev.gatehouse.proxy.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.analyzer.Analysis;
import dev.gatehouse.core.audit.AuditEvent;
import dev.gatehouse.core.audit.AuditPage;
import dev.gatehouse.core.audit.Download;
import dev.gatehouse.core.audit.Downloader;
import dev.gatehouse.core.quarantine.QuarantineEntry;
import dev.gatehouse.core.quarantine.ReviewDecision;
import dev.gatehouse.core.store.AnalysisJson;
import dev.gatehouse.core.store.StoredVerdict;
import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.policy.Verdict;
import dev.gatehouse.policy.Waiver;
import dev.gatehouse.proxy.http.HttpProblem;
import dev.gatehouse.proxy.http.HttpReply;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Instant;
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
    page.events().forEach(e -> events.add(event(e)));
    node.put("nextCursor", page.nextCursor().orElse(null));
    return node;
  }

  /** One audit event; the same fields in pages and in the JSON Lines export. */
  ObjectNode event(AuditEvent e) {
    ObjectNode event = mapper.createObjectNode();
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
    return event;
  }

  /** One line of JSON Lines: compact, no newline inside. */
  String line(ObjectNode node) {
    try {
      return mapper.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain nodes always serializes", e);
    }
  }

  ObjectNode downloaders(List<Downloader> found) {
    ObjectNode node = mapper.createObjectNode();
    ArrayNode items = node.putArray("downloaders");
    for (Downloader d : found) {
      ObjectNode item = items.addObject();
      item.put("version", d.version());
      item.put("user", d.user());
      item.put("client", d.client());
      item.put("first", d.first().toString());
      item.put("last", d.last().toString());
      item.put("count", d.count());
    }
    return node;
  }

  ObjectNode downloads(List<Download> found) {
    ObjectNode node = mapper.createObjectNode();
    ArrayNode items = node.putArray("downloads");
    for (Download d : found) {
      ObjectNode item = items.addObject();
      item.put("ecosystem", d.ecosystem().key());
      item.put("package", d.name());
      item.put("version", d.version());
      item.put("first", d.first().toString());
      item.put("last", d.last().toString());
      item.put("count", d.count());
    }
    return node;
  }

  ObjectNode waivers(List<Waiver> list, Instant now) {
    ObjectNode node = mapper.createObjectNode();
    ArrayNode items = node.putArray("waivers");
    list.forEach(w -> items.add(waiver(w, now)));
    return node;
  }

  ObjectNode waiver(Waiver w, Instant now) {
    ObjectNode node = mapper.createObjectNode();
    node.put("id", w.id());
    node.put("ecosystem", w.ecosystem().key());
    node.put("package", w.name());
    node.put("versions", w.versions().toString());
    node.put("reason", w.reason());
    node.put("createdBy", w.createdBy());
    node.put("createdAt", w.createdAt().toString());
    node.put("expiresAt", w.expiresAt().map(Instant::toString).orElse(null));
    node.put("active", w.activeAt(now));
    return node;
  }

  /** The text in field {@code name} of a JSON object body; empty when absent, null or no text. */
  Optional<String> text(byte[] body, String name) {
    try {
      JsonNode node = mapper.readTree(body);
      JsonNode value = node == null ? null : node.get(name);
      return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    } catch (java.io.IOException malformed) {
      return Optional.empty();
    }
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

  /** An entry's detail with the decisions reviewers made on it, oldest first. */
  ObjectNode withDecisions(ObjectNode entry, List<ReviewDecision> decisions) {
    decisions(entry.putArray("decisions"), decisions, false);
    return entry;
  }

  /** The audit trail of decisions, each with the entry and artifact it was about. */
  ObjectNode decisions(List<ReviewDecision> decisions) {
    ObjectNode node = mapper.createObjectNode();
    decisions(node.putArray("decisions"), decisions, true);
    return node;
  }

  private static void decisions(ArrayNode items, List<ReviewDecision> decisions, boolean withEntry) {
    for (ReviewDecision d : decisions) {
      ObjectNode item = items.addObject();
      if (withEntry) {
        item.put("entry", d.entryId());
        ref(item, d.ref());
        item.put("sha256", d.sha256());
      }
      item.put("action", d.action().key());
      item.put("reviewer", d.reviewer());
      item.put("reason", d.reason());
      item.put("at", d.at().toString());
      item.put("expiresAt", d.expiresAt().map(Instant::toString).orElse(null));
    }
  }

  /**
   * The instant in field {@code name} of a JSON body; empty when the field is absent or null.
   *
   * @throws IllegalArgumentException when it is there but not an ISO-8601 instant
   */
  Optional<Instant> instant(byte[] body, String name) {
    JsonNode value;
    try {
      JsonNode node = mapper.readTree(body);
      value = node == null ? null : node.get(name);
    } catch (java.io.IOException malformed) {
      return Optional.empty();
    }
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(value.asText()));
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as 2026-06-30T00:00:00Z, was \""
          + HttpProblem.printable(value.asText()) + "\"");
    }
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
