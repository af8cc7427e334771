package dev.gatehouse.core.gate;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.policy.Policy;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The policy in force, which an operator may replace while Gatehouse runs (a reload from {@code policy.file}).
 * Everything that decides reads it at decision time, once per decision, so a decision never mixes two policies:
 * the gate, the {@link dev.gatehouse.core.metadata.ReleaseFilter} and the registries' hooks read {@link #get()}
 * and keep the {@link Policy} they got for that one decision. A verdict stored under a replaced policy carries
 * the old {@link Policy#version()}, so the gate derives it again before it serves from it. Thread-safe.
 */
public final class LivePolicy implements Supplier<Policy> {
  private final AtomicReference<Policy> current;

  public LivePolicy(Policy initial) {
    this.current = new AtomicReference<>(requireNonNull(initial, "initial"));
  }

  /** The policy in force now. */
  @Override
  public Policy get() {
    return current.get();
  }

  /**
   * Puts {@code next} in force: every decision from now on reads it.
   *
   * @return the policy it replaced
   */
  public Policy replace(Policy next) {
    return current.getAndSet(requireNonNull(next, "next"));
  }
}
