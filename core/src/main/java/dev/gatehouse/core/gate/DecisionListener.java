package dev.gatehouse.core.gate;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.quarantine.QuarantineEntry;
import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.policy.Verdict;
import java.util.Optional;

/**
 * Hears of the decisions Gatehouse takes, in the process, once each is committed: an artifact quarantined or
 * refused when its verdict is first decided, and a reviewer's approval or rejection. The webhooks listen here.
 * Called on the thread that decided (a request's blocking thread), so an implementation must return at once: it
 * may queue the event, never send it.
 */
public interface DecisionListener {

  /** A listener that does nothing. */
  DecisionListener NONE = new DecisionListener() {
    @Override
    public void decided(Decided decision) {}

    @Override
    public void reviewed(QuarantineEntry entry) {}
  };

  /**
   * A verdict that refuses an artifact, decided for the first time for its file and bytes.
   *
   * @param sha256 the bytes judged; empty when the verdict needed no download
   * @param entry the quarantine entry a QUARANTINE opened
   */
  record Decided(PackageRef ref, Optional<String> sha256, Verdict verdict, Optional<QuarantineEntry> entry) {
    public Decided {
      requireNonNull(ref, "ref");
      requireNonNull(sha256, "sha256");
      requireNonNull(verdict, "verdict");
      requireNonNull(entry, "entry");
    }
  }

  /** A refusal was decided; see {@link Decided}. */
  void decided(Decided decision);

  /** A reviewer approved or rejected {@code entry}, which carries the review. */
  void reviewed(QuarantineEntry entry);
}
