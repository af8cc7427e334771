package dev.gatehouse.core.metadata;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.store.RefusedFiles;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.Policy;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one decision of which releases a metadata document lists ({@code maven-metadata.xml}, npm packuments,
 * PyPI simple pages): not those with a stored QUARANTINE or BLOCK verdict, not those the deny list names
 * (with its exceptions), not those younger than the cooldown where the registry says when they were
 * published. A resolver asking for a range then picks a version Gatehouse will serve instead of failing the
 * build on a 403. Applied on every request, so a new verdict or an approval shows at once; tags that named a
 * withheld version are repaired by {@link #newestAtOrBelow}. Thread-safe; {@link #pass} reads the verdicts.
 */
public final class ReleaseFilter {
  private final Supplier<Policy> policy;
  private final Refusals refusals;
  private final Clock clock;

  /** Where the stored refusals of one package come from ({@code VerdictStore::refused}). */
  @FunctionalInterface
  public interface Refusals {
    RefusedFiles of(Ecosystem ecosystem, String name) throws IOException;
  }

  public ReleaseFilter(Policy policy, Refusals refusals, Clock clock) {
    this(() -> policy, refusals, clock);
    requireNonNull(policy, "policy");
  }

  /** A filter that reads the policy in force from {@code policy} at every {@link #pass}, so a reload shows at once. */
  public ReleaseFilter(Supplier<Policy> policy, Refusals refusals, Clock clock) {
    this.policy = requireNonNull(policy, "policy");
    this.refusals = requireNonNull(refusals, "refusals");
    this.clock = requireNonNull(clock, "clock");
  }

  /** Why a release is not listed. */
  public enum Reason { REFUSED, DENIED, COOLDOWN }

  /** A release left out, and the sentence a client may be shown ({@code deprecated}, a log line). */
  public record Withheld(Reason reason, String sentence) {
    public Withheld {
      requireNonNull(reason, "reason");
      requireNonNull(sentence, "sentence");
    }
  }

  /** The filter for one package as its stored verdicts and the clock stand now. */
  public Pass pass(Ecosystem ecosystem, String name) throws IOException {
    return pass(refusals.of(ecosystem, name), clock.instant());
  }

  /** The filter for one package with the stored refusals and {@code now} given: pure. */
  public Pass pass(RefusedFiles refused, Instant now) {
    return new Pass(refused, now);
  }

  /** One package's filter. Immutable. */
  public final class Pass {
    private final RefusedFiles refused;
    private final Instant now;
    private final Policy policy = ReleaseFilter.this.policy.get(); // one policy for the whole document

    private Pass(RefusedFiles refused, Instant now) {
      this.refused = requireNonNull(refused, "refused");
      this.now = requireNonNull(now, "now");
    }

    /**
     * Whether {@code version} is left out, all of its files at once (Maven and npm list versions).
     *
     * @param coordinates how the sentence names the release ({@code left-pad@1.0.0}, {@code g:a:1.0})
     * @param published when it was published, if the registry says; without it the cooldown holds nothing back
     */
    public Optional<Withheld> version(String coordinates, String version, Optional<Instant> published) {
      if (refused.refusesVersion(version)) {
        return Optional.of(new Withheld(Reason.REFUSED, coordinates
            + " was quarantined or blocked by Gatehouse; requesting it says why"));
      }
      return policyWithholds(coordinates, version, published);
    }

    /** Whether one file of {@code version} is left out (PyPI lists files); a refusal holds only that file. */
    public Optional<Withheld> file(String coordinates, String version, String file, Optional<Instant> published) {
      if (refused.refuses(version, file)) {
        return Optional.of(new Withheld(Reason.REFUSED, coordinates + " " + file
            + " was quarantined or blocked by Gatehouse; requesting it says why"));
      }
      return policyWithholds(coordinates, version, published);
    }

    /** Whether the deny list names {@code version} (a version listed without files is still denied). */
    public boolean denies(String version) {
      return policy.denies(refused.ecosystem(), refused.name(), version);
    }

    private Optional<Withheld> policyWithholds(String coordinates, String version, Optional<Instant> published) {
      if (denies(version)) {
        return Optional.of(new Withheld(Reason.DENIED, coordinates + " is on Gatehouse's deny list"));
      }
      if (published.isPresent()
          && !policy.cooldownAdmits(refused.ecosystem(), refused.name(), version, published.get(), now)) {
        return Optional.of(new Withheld(Reason.COOLDOWN, "%s was published at %s, less than the cooldown of %s ago "
            .formatted(coordinates, published.get(), Policy.formatAge(policy.minimumAge()))
            + "(cooldown.minimum-age)"));
      }
      return Optional.empty();
    }
  }

  /**
   * Where a tag ({@code latest}, {@code release}, an npm dist-tag) goes when the version it named is withheld:
   * the newest listed version at or below it, and a prerelease only when the original is one, because {@code
   * npm install name} and a Maven {@code RELEASE} must not land on a beta or a snapshot. Empty when none is
   * left; the caller then drops the tag.
   *
   * @param ascending every version of the document, oldest first in the registry's order, {@code original}
   *     among them
   * @param listed whether a version is still listed
   */
  public static Optional<String> newestAtOrBelow(List<String> ascending, String original, Predicate<String> listed,
      Predicate<String> prerelease) {
    int ceiling = ascending.indexOf(original);
    if (ceiling < 0) {
      return Optional.empty();
    }
    boolean mayBePrerelease = prerelease.test(original);
    for (int i = ceiling; i >= 0; i--) {
      String candidate = ascending.get(i);
      if (listed.test(candidate) && (mayBePrerelease || !prerelease.test(candidate))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
