package dev.gatehouse.core.metadata;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.store.RefusedFiles;
import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageFacts;
import dev.gatehouse.policy.PackageRef;
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
 * PyPI simple pages), and why a release is held. Left out are releases the metadata alone decides against (the
 * deny list with its exceptions; the cooldown, where the registry says when a release was published) and
 * releases refused for good (a stored BLOCK verdict, a rejected quarantine entry): a resolver asking for a range
 * then picks a version Gatehouse will serve. A release quarantined pending review stays listed by default
 * ({@link QuarantinedReleases#LIST}) and answers 403 with its reason and entry id when fetched: leaving it out
 * would make a range resolve to the next older release, which is fetched, analyzed and held in turn, so that
 * installs walk down through every version nobody reviewed and the developer is never told why.
 *
 * <p>A function of (document, stored refusals, policy, now) applied on every request, so a new verdict, an
 * approval or a reloaded policy shows at once; tags that named a left-out release are repaired by {@link
 * #newestAtOrBelow}. Thread-safe; {@link #pass(Ecosystem, String)} reads the stored refusals.
 */
public final class ReleaseFilter {
  private final Supplier<Policy> policy;
  private final Refusals refusals;
  private final Clock clock;
  private final QuarantinedReleases quarantined;

  /** Where the stored refusals of one package come from ({@link StoredRefusals}). */
  @FunctionalInterface
  public interface Refusals {
    RefusedFiles of(Ecosystem ecosystem, String name) throws IOException;
  }

  /** What documents do with a release quarantined pending review ({@code metadata.quarantined}). */
  public enum QuarantinedReleases {
    /** Listed, so that a resolver picks it and the client prints the 403's reason: no walk-down. */
    LIST,
    /** Left out like a blocked release: a range silently resolves to an older release. */
    HIDE
  }

  public ReleaseFilter(Policy policy, Refusals refusals, Clock clock) {
    this(policy, refusals, clock, QuarantinedReleases.LIST);
  }

  /** A filter under one fixed policy (a dry run compares two). */
  public ReleaseFilter(Policy policy, Refusals refusals, Clock clock, QuarantinedReleases quarantined) {
    this(constant(policy), refusals, clock, quarantined);
  }

  /**
   * A filter that reads the policy in force from {@code policy} at every {@link #pass}, so a reload shows at once.
   */
  public ReleaseFilter(Supplier<Policy> policy, Refusals refusals, Clock clock, QuarantinedReleases quarantined) {
    this.policy = requireNonNull(policy, "policy");
    this.refusals = requireNonNull(refusals, "refusals");
    this.clock = requireNonNull(clock, "clock");
    this.quarantined = requireNonNull(quarantined, "quarantined");
  }

  /** Why a release is held back. */
  public enum Reason {
    /** A stored BLOCK verdict, a rejected entry, or a quarantine no reviewer can lift: left out. */
    REFUSED,
    /** The deny list names it: left out. */
    DENIED,
    /** Younger than the cooldown: left out. */
    COOLDOWN,
    /** Quarantined pending review: listed under {@link QuarantinedReleases#LIST}, left out under HIDE. */
    QUARANTINED
  }

  /**
   * A release held back, and the one-line sentence a client may be shown ({@code deprecated}, a 403).
   *
   * @param rule the policy rule that holds it ({@code deny}, {@code cooldown}, or the verdict's rule)
   * @param quarantineId the entry a reviewer decides on, for a release quarantined pending review
   * @param listed whether documents still list it (a quarantine pending review, by default)
   */
  public record Withheld(Reason reason, String rule, Optional<String> quarantineId, String sentence, boolean listed) {
    public Withheld {
      requireNonNull(reason, "reason");
      requireNonNull(rule, "rule");
      requireNonNull(quarantineId, "quarantineId");
      requireNonNull(sentence, "sentence");
    }

    /** Whether documents leave it out. */
    public boolean hidden() {
      return !listed;
    }

    /** The verdict word a refusal header carries: {@code quarantine} or {@code block}. */
    public String verdict() {
      return reason == Reason.QUARANTINED || reason == Reason.COOLDOWN ? "quarantine" : "block";
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

  /**
   * This filter (its clock, its rule for releases pending review) under another policy and other refusals: what a
   * dry run of a policy change compares documents with.
   */
  public ReleaseFilter with(Policy other, Refusals otherRefusals) {
    return new ReleaseFilter(constant(other), otherRefusals, clock, quarantined);
  }

  /** Where this filter reads the stored refusals of a package. */
  public Refusals refusals() {
    return refusals;
  }

  private static Supplier<Policy> constant(Policy policy) {
    requireNonNull(policy, "policy");
    return () -> policy;
  }

  /** One package's filter. Immutable. */
  public final class Pass {
    private final Policy policy = ReleaseFilter.this.policy.get(); // one policy for the whole document
    private final RefusedFiles refused;
    private final Instant now;

    private Pass(RefusedFiles refused, Instant now) {
      this.refused = requireNonNull(refused, "refused");
      this.now = requireNonNull(now, "now");
    }

    /**
     * Whether {@code version} is held, all of its files at once (Maven and npm list versions): listed while
     * every refused file of it waits for review, left out otherwise.
     *
     * @param coordinates how the sentence names the release ({@code left-pad@1.0.0}, {@code g:a:1.0})
     * @param published when it was published, if the registry says; without it the cooldown holds nothing back
     */
    public Optional<Withheld> version(String coordinates, String version, Optional<Instant> published) {
      Optional<Withheld> policyHeld = policyWithholds(coordinates, version, published);
      if (policyHeld.isPresent()) {
        return policyHeld;
      }
      List<PackageRef> files = refused.filesOf(version);
      return files.isEmpty() ? Optional.empty() : Optional.of(held(coordinates, files));
    }

    /** Whether one file of {@code version} is held (PyPI lists files); a refusal holds only that file. */
    public Optional<Withheld> file(String coordinates, String version, String file, Optional<Instant> published) {
      Optional<Withheld> policyHeld = policyWithholds(coordinates + " " + file, version, published);
      if (policyHeld.isPresent()) {
        return policyHeld;
      }
      List<PackageRef> files = refused.filesOf(version).stream().filter(ref -> ref.file().equals(file)).toList();
      return files.isEmpty() ? Optional.empty() : Optional.of(held(coordinates + " " + file, files));
    }

    /** Whether the deny list names {@code version} (a version listed without files is still denied). */
    public boolean denies(String version) {
      return policy.denies(refused.ecosystem(), refused.name(), version);
    }

    /** Listed when every refused file waits for review and documents list such releases; the first refusal speaks. */
    private Withheld held(String coordinates, List<PackageRef> files) {
      List<RefusedFiles.Refusal> known = files.stream().map(refused::refusal).flatMap(Optional::stream).toList();
      boolean pending = known.size() == files.size() && known.stream().allMatch(r -> r.pendingReview().isPresent());
      Optional<RefusedFiles.Refusal> first = known.stream().findFirst();
      String rule = first.map(RefusedFiles.Refusal::rule).orElse("refused");
      String reason = first.map(RefusedFiles.Refusal::reason).filter(r -> !r.isBlank()).map(r -> ": " + r).orElse("");
      if (pending) {
        String id = first.get().pendingReview().get();
        return new Withheld(Reason.QUARANTINED, rule, Optional.of(id), "%s is quarantined by Gatehouse rule %s, "
            .formatted(coordinates, rule) + "quarantine id " + id + ", pending review" + reason,
            quarantined == QuarantinedReleases.LIST);
      }
      boolean blocked = known.stream().anyMatch(r -> r.decision() == Decision.BLOCK);
      return new Withheld(Reason.REFUSED, rule, Optional.empty(), "%s is %s by Gatehouse rule %s%s".formatted(
          coordinates, blocked || known.isEmpty() ? "blocked" : "refused after review", rule, reason), false);
    }

    private Optional<Withheld> policyWithholds(String coordinates, String version, Optional<Instant> published) {
      if (denies(version)) {
        // The deny entry's own reason (an advisory, an incident) is what the developer needs to read.
        String why = policy.beforeDownload(new PackageRef(refused.ecosystem(), refused.name(), version, "any file"),
            PackageFacts.none(), now).flatMap(v -> v.reasons().stream().findFirst()).orElse("on the deny list");
        return Optional.of(new Withheld(Reason.DENIED, Policy.DENY_RULE, Optional.empty(),
            coordinates + " is blocked by Gatehouse rule " + Policy.DENY_RULE + ": " + why, false));
      }
      if (published.isPresent()
          && !policy.cooldownAdmits(refused.ecosystem(), refused.name(), version, published.get(), now)) {
        Instant until = published.get().plus(policy.minimumAge());
        return Optional.of(new Withheld(Reason.COOLDOWN, Policy.COOLDOWN_RULE, Optional.empty(),
            "%s is held by Gatehouse rule %s until %s: published at %s, less than %s ago (cooldown.minimum-age)"
                .formatted(coordinates, Policy.COOLDOWN_RULE, until, published.get(),
                    Policy.formatAge(policy.minimumAge())), false));
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
