package dev.gatehouse.proxy.webhook;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.config.WebhookConfig.Event;
import dev.gatehouse.core.gate.DecisionListener;
import dev.gatehouse.core.quarantine.QuarantineEntry;
import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.PackageRef;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One decision as a webhook posts it: the event, the artifact, the rule and reason, the quarantine id and the
 * reviewer where there is one, and {@code text}, one readable line that Slack-compatible receivers show as is.
 */
record WebhookEvent(Event event, PackageRef ref, Optional<String> sha256, String decision, String rule,
    String reason, Optional<String> quarantineId, Optional<String> reviewer, Instant at) {

  /** The longest reason posted; reasons are sentences, but a policy file's deny reason is free text. */
  static final int MAX_REASON_LENGTH = 500;

  WebhookEvent {
    requireNonNull(event, "event");
    requireNonNull(ref, "ref");
    requireNonNull(sha256, "sha256");
    requireNonNull(decision, "decision");
    requireNonNull(rule, "rule");
    reason = oneLine(reason);
    requireNonNull(quarantineId, "quarantineId");
    requireNonNull(reviewer, "reviewer");
    requireNonNull(at, "at");
  }

  /** The event of a refusal first decided: QUARANTINE or REFUSAL; empty for an ALLOW, which is not news. */
  static Optional<WebhookEvent> of(DecisionListener.Decided decided, Instant at) {
    Decision decision = decided.verdict().decision();
    if (decision == Decision.ALLOW) {
      return Optional.empty();
    }
    Event event = decision == Decision.QUARANTINE ? Event.QUARANTINE : Event.REFUSAL;
    return Optional.of(new WebhookEvent(event, decided.ref(), decided.sha256(), decision.key(),
        decided.verdict().rule(), first(decided.verdict().reasons()), decided.entry().map(QuarantineEntry::id),
        Optional.empty(), at));
  }

  /** The event of a review: APPROVAL or REJECTION; empty for an entry still pending. */
  static Optional<WebhookEvent> of(QuarantineEntry entry) {
    if (entry.review().isEmpty()) {
      return Optional.empty();
    }
    QuarantineEntry.Review review = entry.review().get();
    boolean approved = entry.status() == QuarantineEntry.Status.APPROVED;
    return Optional.of(new WebhookEvent(approved ? Event.APPROVAL : Event.REJECTION, entry.ref(),
        Optional.of(entry.sha256()), approved ? Decision.ALLOW.key() : Decision.QUARANTINE.key(), entry.rule(),
        review.reason(), Optional.of(entry.id()), Optional.of(review.reviewer()), review.at()));
  }

  /** The JSON body. */
  byte[] body(ObjectMapper mapper) {
    ObjectNode node = mapper.createObjectNode();
    node.put("event", event.key());
    node.put("ecosystem", ref.ecosystem().key());
    node.put("package", ref.name());
    node.put("version", ref.version());
    node.put("file", ref.file());
    node.put("sha256", sha256.orElse(null));
    node.put("decision", decision);
    node.put("rule", rule);
    node.put("reason", reason);
    node.put("quarantineId", quarantineId.orElse(null));
    node.put("reviewer", reviewer.orElse(null));
    node.put("at", at.toString());
    node.put("text", text());
    try {
      return mapper.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain nodes always serializes", e);
    }
  }

  /** One line for people: what happened to which file, by which rule or whom, and why. */
  String text() {
    String what = ref.ecosystem().key() + " " + ref.coordinates() + " (" + ref.file() + ")";
    String id = quarantineId.map(q -> " [" + q + "]").orElse("");
    return switch (event) {
      case QUARANTINE -> "Gatehouse quarantined %s by rule %s%s: %s".formatted(what, rule, id, reason);
      case REFUSAL -> "Gatehouse blocked %s by rule %s: %s".formatted(what, rule, reason);
      case APPROVAL -> "%s approved %s%s: %s".formatted(reviewer.orElse("?"), what, id, reason);
      case REJECTION -> "%s rejected %s%s: %s".formatted(reviewer.orElse("?"), what, id, reason);
    };
  }

  private static String first(List<String> reasons) {
    return reasons.isEmpty() ? "" : reasons.get(0);
  }

  private static String oneLine(String text) {
    String line = requireNonNull(text, "reason").replaceAll("\\s+", " ").strip();
    return line.length() <= MAX_REASON_LENGTH ? line : line.substring(0, MAX_REASON_LENGTH - 1) + "…";
  }
}
