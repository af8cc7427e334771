package dev.gatehouse.core.store;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The port through which one upstream fetch per key is claimed: the gate's first fetch of an artifact and a
 * metadata document's refresh. Whoever claims a key first leads and completes the future; everyone else gets the
 * leader's future while it runs. The claim ends when that future completes, either way, so a failure is retried
 * by the next request and never remembered. {@link LocalFetchClaims} claims within one process; several
 * Gatehouse nodes sharing a database would claim there instead.
 */
public interface FetchClaims {
  /**
   * The running fetch of {@code key}, or a new one that {@code leader} runs: it is handed the future to complete
   * (at once or later, on any thread), and the claim is held until then.
   *
   * @param key a value with {@code equals} and {@code hashCode} (a record): a {@code PackageRef}, a document key
   */
  <T> CompletableFuture<T> claim(Object key, Consumer<CompletableFuture<T>> leader);
}
