package dev.gatehouse.proxy.npm;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.metadata.ReleaseFilter;
import dev.gatehouse.core.store.RefusedFiles;
import dev.gatehouse.policy.Ecosystem;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which versions of a packument clients see, as the shared {@link ReleaseFilter} decides for every registry
 * (stored refusals, the deny list, the cooldown by the packument's {@code time}), and the {@code dist-tags}
 * repaired to match. A version quarantined pending review stays listed ({@link Selection#held}), and so does a
 * {@code latest} that names it: moving {@code latest} down would make {@code npm install name} silently install an
 * older version instead of printing why the newest is held. Pure: the caller passes the stored refusals and
 * {@code now}.
 */
final class VersionFilter {
  private final ReleaseFilter releases;

  VersionFilter(ReleaseFilter releases) {
    this.releases = requireNonNull(releases, "releases");
  }

  /**
   * The versions left out, the versions listed although held, and the {@code dist-tags} repaired to match.
   *
   * @param withheld versions left out, to why, sorted by version text
   * @param held versions listed although Gatehouse refuses their tarball (quarantined pending review), to why
   * @param distTags tag to version, in the packument's order: a tag whose version is left out is dropped,
   *     except {@code latest}, which moves to the newest remaining version at or below the one it named
   */
  record Selection(SortedMap<String, ReleaseFilter.Withheld> withheld, SortedMap<String, ReleaseFilter.Withheld> held,
      Map<String, String> distTags) {
    Selection {
      withheld = Collections.unmodifiableSortedMap(new TreeMap<>(withheld));
      held = Collections.unmodifiableSortedMap(new TreeMap<>(held));
      distTags = Collections.unmodifiableMap(new LinkedHashMap<>(distTags));
    }

    boolean keeps(String version) {
      return !withheld.containsKey(version);
    }
  }

  /** The selection for {@code index} as the stored refusals and the clock stand now. */
  Selection select(PackumentIndex index) throws IOException {
    return select(index, releases.pass(Ecosystem.NPM, index.name().full()));
  }

  Selection select(PackumentIndex index, RefusedFiles refused, Instant now) {
    return select(index, releases.pass(refused, now));
  }

  /** The selection through {@code pass}, the filter of this packument's package. */
  static Selection select(PackumentIndex index, ReleaseFilter.Pass pass) {
    String name = index.name().full();
    SortedMap<String, ReleaseFilter.Withheld> withheld = new TreeMap<>();
    SortedMap<String, ReleaseFilter.Withheld> held = new TreeMap<>();
    for (String version : index.versions().keySet()) {
      pass.version(name + "@" + version, version, Optional.ofNullable(index.published().get(version)))
          .ifPresent(w -> (w.listed() ? held : withheld).put(version, w));
    }
    return new Selection(withheld, held, repair(index, withheld));
  }

  private static Map<String, String> repair(PackumentIndex index, Map<String, ReleaseFilter.Withheld> withheld) {
    Map<String, String> tags = new LinkedHashMap<>();
    index.distTags().forEach((tag, version) -> {
      if (index.versions().containsKey(version) && !withheld.containsKey(version)) {
        tags.put(tag, version);
      } else if (tag.equals("latest")) {
        ReleaseFilter.newestAtOrBelow(semverOrder(index, version), version,
            v -> index.versions().containsKey(v) && !withheld.containsKey(v),
            v -> NpmVersion.parse(v).map(NpmVersion::isPrerelease).orElse(false)).ifPresent(v -> tags.put(tag, v));
      }
    });
    return tags;
  }

  /** The packument's versions and {@code tagged}, oldest first by semver; versions semver cannot read are left out. */
  private static List<String> semverOrder(PackumentIndex index, String tagged) {
    Map<String, NpmVersion> parsed = new LinkedHashMap<>();
    for (String v : index.versions().keySet()) {
      NpmVersion.parse(v).ifPresent(p -> parsed.put(v, p));
    }
    NpmVersion.parse(tagged).ifPresent(p -> parsed.putIfAbsent(tagged, p));
    List<String> ascending = new ArrayList<>(parsed.keySet());
    ascending.sort(Comparator.comparing(parsed::get));
    return ascending;
  }
}
