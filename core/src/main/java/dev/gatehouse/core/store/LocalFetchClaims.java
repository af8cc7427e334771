package dev.gatehouse.core.store;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** Fetch claims within this process: a map of running fetches. Thread-safe. */
public final class LocalFetchClaims implements FetchClaims {
  private final ConcurrentHashMap<Object, CompletableFuture<?>> running = new ConcurrentHashMap<>();

  @Override
  @SuppressWarnings("unchecked") // a key is only ever claimed for one kind of result
  public <T> CompletableFuture<T> claim(Object key, Consumer<CompletableFuture<T>> leader) {
    requireNonNull(key, "key");
    CompletableFuture<T> mine = new CompletableFuture<>();
    CompletableFuture<?> theirs = running.putIfAbsent(key, mine);
    if (theirs != null) {
      return (CompletableFuture<T>) theirs;
    }
    // Registered before the leader runs, so the claim goes on the thread that completes the future, right after
    // the leader stored what late arrivals will find instead.
    mine.whenComplete((result, failure) -> running.remove(key, mine));
    try {
      leader.accept(mine);
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
    }
    return mine;
  }
}
