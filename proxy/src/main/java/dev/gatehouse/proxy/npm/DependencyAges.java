package dev.gatehouse.proxy.npm;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.analyzer.npm.PackumentHistory;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * When each dependency that one version adds was first published, read from that dependency's own packument
 * through the {@link PackumentCache} (so it is cached, fetched once at a time, and bounded like every packument).
 * It answers for one judgement only: at most {@link #MAX_LOOKUPS} packages are looked up, and none once {@code
 * budget} has passed since it was made, so a version adding many dependencies or a slow upstream delays the
 * verdict by at most the budget plus one look-up, itself bounded by the upstream timeouts. A package it cannot
 * answer for is reported with the reason ({@link #unknownBecause}), and its finding keeps the rating the version's
 * own packument gives it. Not thread-safe: one per call of {@link NpmAdapter#facts}.
 */
final class DependencyAges implements PackumentHistory.FirstPublished {
  /** Most new dependencies of one version whose packuments are looked up; a real release adds one or two. */
  static final int MAX_LOOKUPS = 8;

  private final PackumentCache packuments;
  private final long deadlineNanos;
  private final Duration budget;
  private final Map<String, String> unknown = new HashMap<>();
  private final Map<String, String> owners = new HashMap<>();
  private final Map<String, Boolean> installScripts = new HashMap<>();
  private int lookups;

  DependencyAges(PackumentCache packuments, Duration budget) {
    this.packuments = requireNonNull(packuments, "packuments");
    this.budget = requireNonNull(budget, "budget");
    // A monotonic timer: the clock given to Gatehouse may be fixed (tests) or jump.
    this.deadlineNanos = System.nanoTime() + budget.toNanos();
  }

  @Override
  public Optional<Instant> of(String packageName) {
    if (lookups >= MAX_LOOKUPS) {
      return unknown(packageName, "only the first %d new dependencies of a version are looked up".formatted(
          MAX_LOOKUPS));
    }
    if (System.nanoTime() - deadlineNanos > 0) {
      return unknown(packageName, "looking up the new dependencies took longer than %s (upstreams.readTimeout)"
          .formatted(budget));
    }
    lookups++;
    NpmName name;
    try {
      name = NpmName.parse(packageName);
    } catch (IllegalArgumentException notAName) {
      return unknown(packageName, "it is not a valid package name");
    }
    PackumentCache.Lookup lookup;
    try {
      lookup = packuments.get(name);
    } catch (IOException e) {
      return unknown(packageName, "its packument could not be read: " + e.getMessage());
    }
    if (lookup instanceof PackumentCache.Missing) {
      return unknown(packageName, "the registry has no packument for it");
    }
    if (lookup instanceof PackumentCache.Failed failed) {
      return unknown(packageName, "its packument could not be fetched: " + failed.sentence());
    }
    PackumentIndex index = ((PackumentCache.Found) lookup).entry().index();
    index.history().repositoryOwner().ifPresent(owner -> owners.put(packageName, owner));
    index.history().newestRunsInstallScripts().ifPresent(runs -> installScripts.put(packageName, runs));
    Optional<Instant> first = firstPublished(index);
    if (first.isEmpty()) {
      return unknown(packageName, "its packument gives no publish time");
    }
    return first;
  }

  /** Read from the packument {@link #of} already fetched; asks nothing of the upstream. */
  @Override
  public Optional<String> repositoryOwner(String packageName) {
    return Optional.ofNullable(owners.get(packageName));
  }

  /** Read from the packument {@link #of} already fetched; asks nothing of the upstream. */
  @Override
  public Optional<Boolean> runsInstallScripts(String packageName) {
    return Optional.ofNullable(installScripts.get(packageName));
  }

  @Override
  public Optional<String> unknownBecause(String packageName) {
    return Optional.ofNullable(unknown.get(packageName));
  }

  /**
   * The earliest publish time its packument gives a version it still lists. {@code time.created} is not kept by
   * the index; it is never later than this, so a package whose early versions were all unpublished looks
   * younger here than it is, which errs towards review.
   */
  static Optional<Instant> firstPublished(PackumentIndex index) {
    return index.published().values().stream().min(Instant::compareTo);
  }

  private Optional<Instant> unknown(String packageName, String reason) {
    unknown.put(packageName, reason);
    return Optional.empty();
  }
}
