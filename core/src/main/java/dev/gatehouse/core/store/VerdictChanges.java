package dev.gatehouse.core.store;

import java.util.function.Consumer;

/**
 * The port through which a changed verdict reaches everything that remembers verdicts: a first decision, an approval
 * that judges a stored analysis again, a policy or analyzer change that re-derives it. {@link VerdictStore} publishes
 * every verdict once it is committed, and drops a cached verdict that another writer replaced. In one process the
 * change is delivered at once ({@link LocalVerdictChanges}); a deployment of several nodes on one database delivers
 * it to every node (a later issue), so that no node serves from a verdict another node has replaced.
 *
 * <p>Delivery is at-most-once and after the commit: a listener must treat a change as "look again", never as the
 * only copy of the verdict. Thread-safe.
 */
public interface VerdictChanges {

  /** Tells every listener that {@code verdict} is now the one stored for its file and bytes. */
  void publish(StoredVerdict verdict);

  /** Calls {@code listener} with every verdict published from now on, on the publishing thread. */
  void subscribe(Consumer<StoredVerdict> listener);

  /** A port that delivers to its own listeners only, for one store with nobody else to tell. */
  static VerdictChanges local() {
    return new LocalVerdictChanges();
  }
}
