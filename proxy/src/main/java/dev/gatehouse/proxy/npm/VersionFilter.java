package dev.gatehouse.proxy.npm;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.Policy;
import dev.gatehouse.proxy.store.RefusedFiles;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Decides which versions of a packument clients see: not those with a stored QUARANTINE or BLOCK verdict, not
 * those the deny list names, not those younger than the cooldown. A resolver asking for {@code ^1.2.0} then
 * picks a version Gatehouse will serve instead of failing the install on a 403. Pure: the caller passes the
 * stored refusals and {@code now}.
 */
final class VersionFilter {
  private final Policy policy;

  VersionFilter(Policy policy) {
    this.policy = requireNonNull(policy, "policy");
  }

  /**
   * The versions withheld and the {@code dist-tags} repaired to match.
   *
   * @param withheld version to the sentence that says why, sorted by version text
   * @param distTags tag to version, in the packument's order: a tag whose version is withheld is dropped,
   *     except {@code latest}, which moves to the newest remaining version at or below the one it named
   */
  record Selection(SortedMap<String, String> withheld, Map<String, String> distTags) {
    Selection {
      withheld = Collections.unmodifiableSortedMap(new TreeMap<>(withheld));
      distTags = Collections.unmodifiableMap(new LinkedHashMap<>(distTags));
    }

    boolean keeps(String version) {
      return !withheld.containsKey(version);
    }
  }

  Selection select(PackumentIndex index, RefusedFiles refused, Instant now) {
    String name = index.name().full();
    SortedMap<String, String> withheld = new TreeMap<>();
    for (String version : index.versions().keySet()) {
      String coordinates = name + "@" + version;
      if (refused.refusesVersion(version)) {
        withheld.put(version, coordinates + " was quarantined or blocked by Gatehouse; its tarball URL says why");
      } else if (policy.denies(Ecosystem.NPM, name, version)) {
        withheld.put(version, coordinates + " is on Gatehouse's deny list");
      } else {
        Instant published = index.published().get(version);
        if (published != null && !policy.cooldownAdmits(Ecosystem.NPM, name, version, published, now)) {
          withheld.put(version, "%s was published at %s, less than the cooldown of %s ago (cooldown.minimum-age)"
              .formatted(coordinates, published, age(policy.minimumAge())));
        }
      }
    }
    return new Selection(withheld, repair(index, withheld));
  }

  /** An age as policy files write it, largest units first: {@code 3d}, {@code 1d12h}, {@code 90m}. */
  static String age(Duration age) {
    StringBuilder out = new StringBuilder();
    long seconds = age.getSeconds();
    long[] sizes = {86_400, 3_600, 60, 1};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < sizes.length; i++) {
      if (seconds >= sizes[i]) {
        out.append(seconds / sizes[i]).append(units[i]);
        seconds %= sizes[i];
      }
    }
    return out.length() == 0 ? "0s" : out.toString();
  }

  private static Map<String, String> repair(PackumentIndex index, Map<String, String> withheld) {
    Map<String, String> tags = new LinkedHashMap<>();
    index.distTags().forEach((tag, version) -> {
      if (index.versions().containsKey(version) && !withheld.containsKey(version)) {
        tags.put(tag, version);
      } else if (tag.equals("latest")) {
        newestAtOrBelow(index, withheld, version).ifPresent(v -> tags.put(tag, v));
      }
    });
    return tags;
  }

  /**
   * The newest remaining version at or below {@code original}; a prerelease only when {@code original} is one,
   * because {@code npm install name} takes {@code latest} and must not land on a beta.
   */
  private static Optional<String> newestAtOrBelow(PackumentIndex index, Map<String, String> withheld, String original) {
    Optional<NpmVersion> ceiling = NpmVersion.parse(original);
    if (ceiling.isEmpty()) {
      return Optional.empty();
    }
    String best = null;
    NpmVersion bestVersion = null;
    for (String version : index.versions().keySet()) {
      if (withheld.containsKey(version)) {
        continue;
      }
      Optional<NpmVersion> parsed = NpmVersion.parse(version);
      if (parsed.isEmpty() || parsed.get().compareTo(ceiling.get()) > 0
          || (parsed.get().isPrerelease() && !ceiling.get().isPrerelease())) {
        continue;
      }
      if (bestVersion == null || parsed.get().compareTo(bestVersion) > 0) {
        best = version;
        bestVersion = parsed.get();
      }
    }
    return Optional.ofNullable(best);
  }
}
