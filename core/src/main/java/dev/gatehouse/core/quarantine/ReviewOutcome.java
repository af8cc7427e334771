package dev.gatehouse.core.quarantine;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;

/**
 * What became of a reviewer's approve, reject or revoke: done, no such entry, already decided, or (revoke) nothing
 * approved. The HTTP layer maps {@link #result()} with an exhaustive switch (200, 404, 409) and shows {@link
 * #message()}.
 *
 * @param entry the entry as it now stands; empty only for {@link Result#NOT_FOUND}
 */
public record ReviewOutcome(Result result, String id, Optional<QuarantineEntry> entry) {

  /** The kinds of outcome. */
  public enum Result {
    /** The entry was pending and now carries this review. */
    DONE,
    /** No entry has this id. */
    NOT_FOUND,
    /** The entry was approved or rejected before; nothing changed. */
    ALREADY_DECIDED,
    /** A revoke of an entry that is not approved; nothing changed. */
    NOT_APPROVED
  }

  public ReviewOutcome {
    requireNonNull(result, "result");
    requireNonNull(id, "id");
    requireNonNull(entry, "entry");
    if (entry.isEmpty() != (result == Result.NOT_FOUND)) {
      throw new IllegalArgumentException(result + " outcome for " + id + (entry.isEmpty() ? " needs" : " has no")
          + " entry");
    }
  }

  static ReviewOutcome notFound(String id) {
    return new ReviewOutcome(Result.NOT_FOUND, id, Optional.empty());
  }

  /** One sentence for the reviewer. */
  public String message() {
    return switch (result) {
      case NOT_FOUND -> "no quarantine entry " + id;
      case ALREADY_DECIDED -> {
        QuarantineEntry decided = entry.orElseThrow();
        QuarantineEntry.Review review = decided.review().orElseThrow();
        yield "quarantine entry %s was already %s by %s at %s".formatted(
            id, statusWord(decided), review.reviewer(), review.at());
      }
      case NOT_APPROVED -> "quarantine entry %s is %s, not approved: there is no approval to revoke".formatted(
          id, statusWord(entry.orElseThrow()));
      case DONE -> "quarantine entry %s (%s) is %s".formatted(id, entry.orElseThrow().ref(), statusWord(entry.orElseThrow()));
    };
  }

  private static String statusWord(QuarantineEntry entry) {
    return entry.status().name().toLowerCase(Locale.ROOT);
  }
}
