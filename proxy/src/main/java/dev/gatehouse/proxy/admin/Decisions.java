package dev.gatehouse.proxy.admin;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.gate.Gate;
import dev.gatehouse.core.gate.GateStorage;
import dev.gatehouse.core.quarantine.QuarantineEntry;
import dev.gatehouse.core.quarantine.ReviewAction;
import dev.gatehouse.core.quarantine.ReviewOutcome;
import dev.gatehouse.core.store.StoredVerdict;
import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.Policy;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * A reviewer's approve, reject or revoke as one transaction: the entry's new status, the approval it adds or
 * withdraws, its row in the audit trail of decisions, and the verdict derived again from it commit together or not
 * at all, so that a crash at any point leaves the state before or after. Repeating an approve or reject whose
 * decision is recorded but whose verdict does not follow from it (left so by a Gatehouse before issue 12, or by a
 * verdict that could not be derived then) derives the verdict again: a retry finishes the job.
 */
final class Decisions {
  /** What a decision did: its outcome, the verdict it derived, and a sentence for the reviewer. */
  record Review(ReviewOutcome outcome, Optional<StoredVerdict> verdict, String message) {}

  private final GateStorage storage;
  private final Gate gate;

  Decisions(GateStorage storage, Gate gate) {
    this.storage = requireNonNull(storage, "storage");
    this.gate = requireNonNull(gate, "gate");
  }

  Review decide(String id, ReviewAction action, String reviewer, String reason, Optional<Instant> expiresAt,
      Instant now) throws IOException {
    return storage.catalog().unitOfWork(action.key() + " quarantine entry " + id, () -> {
      ReviewOutcome outcome = switch (action) {
        case APPROVE -> storage.quarantine().approve(id, reviewer, reason, expiresAt, now);
        case REJECT -> storage.quarantine().reject(id, reviewer, reason, now);
        case REVOKE -> storage.quarantine().revoke(id, reviewer, reason, now);
      };
      if (outcome.result() == ReviewOutcome.Result.DONE) {
        QuarantineEntry entry = outcome.entry().orElseThrow();
        return new Review(outcome, gate.reconsider(entry.ref(), entry.sha256()), outcome.message());
      }
      if (outcome.result() == ReviewOutcome.Result.ALREADY_DECIDED) {
        return finish(action, outcome);
      }
      return new Review(outcome, Optional.empty(), outcome.message());
    });
  }

  /** The same decision again on an entry that has it: derive the verdict when it does not follow from it yet. */
  private Review finish(ReviewAction action, ReviewOutcome outcome) throws IOException {
    QuarantineEntry entry = outcome.entry().orElseThrow();
    boolean same = (action == ReviewAction.APPROVE && entry.status() == QuarantineEntry.Status.APPROVED)
        || (action == ReviewAction.REJECT && entry.status() == QuarantineEntry.Status.REJECTED);
    if (!same) {
      return new Review(outcome, Optional.empty(), outcome.message());
    }
    Optional<StoredVerdict> current = storage.verdicts().find(entry.ref(), entry.sha256());
    if (current.isPresent() && follows(action, current.get())) {
      return new Review(outcome, Optional.empty(), outcome.message()); // nothing left to do: a true repeat
    }
    Optional<StoredVerdict> derived = gate.reconsider(entry.ref(), entry.sha256());
    if (derived.isEmpty() || !follows(action, derived.get())) {
      return new Review(outcome, derived, outcome.message());
    }
    QuarantineEntry.Review review = entry.review().orElseThrow();
    return new Review(new ReviewOutcome(ReviewOutcome.Result.DONE, entry.id(), Optional.of(entry)), derived,
        "quarantine entry %s was %s by %s at %s; its verdict is now derived from that decision: %s".formatted(
            entry.id(), action == ReviewAction.APPROVE ? "approved" : "rejected", review.reviewer(), review.at(),
            derived.get().verdict().decision().key()));
  }

  private static boolean follows(ReviewAction action, StoredVerdict verdict) {
    return action == ReviewAction.APPROVE
        ? verdict.verdict().decision() == Decision.ALLOW
        : verdict.verdict().rule().equals(Policy.REJECTED_RULE);
  }
}
