package dev.gatehouse.core.store;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link VerdictChanges} within one process: each publish calls every listener on the publishing thread. */
public final class LocalVerdictChanges implements VerdictChanges {
  private static final Logger log = LoggerFactory.getLogger(LocalVerdictChanges.class);

  private final List<Consumer<StoredVerdict>> listeners = new CopyOnWriteArrayList<>();

  @Override
  public void publish(StoredVerdict verdict) {
    requireNonNull(verdict, "verdict");
    for (Consumer<StoredVerdict> listener : listeners) {
      try {
        listener.accept(verdict);
      } catch (RuntimeException bug) {
        // The verdict is committed already; one broken listener must not keep the others from hearing of it.
        log.error("a listener of verdict changes failed on {}", verdict.ref(), bug);
      }
    }
  }

  @Override
  public void subscribe(Consumer<StoredVerdict> listener) {
    listeners.add(requireNonNull(listener, "listener"));
  }
}
