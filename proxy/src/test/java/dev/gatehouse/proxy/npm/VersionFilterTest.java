package dev.gatehouse.proxy.npm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.npm.PackumentHistory;
import dev.gatehouse.core.metadata.ReleaseFilter;
import dev.gatehouse.core.store.RefusedFiles;
import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.policy.Policy;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VersionFilterTest {
  /** Stored refusals are passed to {@code select} directly; the filter never reads them itself here. */
  private static final ReleaseFilter.Refusals NO_REFUSALS =
      (ecosystem, name) -> new RefusedFiles(ecosystem, name, List.of());
  private static final Instant NOW = Instant.parse("2024-06-01T00:00:00Z");
  private final VersionFilter filter = new VersionFilter(
      new ReleaseFilter(Policy.defaults(), NO_REFUSALS, Clock.systemUTC()));

  @Test
  void latestMovesToTheNewestReleaseAtOrBelowItSkippingPrereleasesAndLaterMajors() {
    PackumentIndex index = index(List.of("1.0.0", "1.5.0", "1.10.0", "2.0.0-rc.1", "2.0.0", "3.0.0"), "2.0.0");

    VersionFilter.Selection selection = filter.select(index, refused("2.0.0"), NOW);

    assertThat(selection.distTags()).containsEntry("latest", "1.10.0");
    assertThat(selection.withheld()).containsOnlyKeys("2.0.0");
    assertThat(selection.keeps("3.0.0")).isTrue();
  }

  @Test
  void aPrereleaseLatestMayMoveToAnEarlierPrerelease() {
    PackumentIndex index = index(List.of("1.0.0", "2.0.0-rc.1", "2.0.0-rc.2"), "2.0.0-rc.2");

    assertThat(filter.select(index, refused("2.0.0-rc.2"), NOW).distTags()).containsEntry("latest", "2.0.0-rc.1");
  }

  @Test
  void latestIsDroppedWhenNoVersionAtOrBelowItRemains() {
    PackumentIndex index = index(List.of("1.0.0", "2.0.0"), "1.0.0");

    VersionFilter.Selection selection = filter.select(index, refused("1.0.0"), NOW);

    assertThat(selection.distTags()).doesNotContainKey("latest");
    assertThat(selection.keeps("2.0.0")).isTrue();
  }

  @Test
  void withNothingWithheldTheTagsAreTheUpstreams() {
    PackumentIndex index = index(List.of("1.0.0", "2.0.0"), "1.0.0");

    VersionFilter.Selection selection = filter.select(index, refused(), NOW);

    assertThat(selection.withheld()).isEmpty();
    assertThat(selection.distTags()).containsExactly(Map.entry("latest", "1.0.0"), Map.entry("beta", "2.0.0"));
  }

  @Test
  void aVersionWithoutAPublishTimeIsNotHeldByTheCooldown() {
    VersionFilter strict = new VersionFilter(new ReleaseFilter(
        Policy.parse("test policy", "cooldown:\n  minimum-age: 7d\n"), NO_REFUSALS, Clock.systemUTC()));
    Map<String, NpmRelease> versions = new LinkedHashMap<>();
    for (String v : List.of("1.0.0", "1.1.0")) {
      versions.put(v, release(v));
    }
    PackumentIndex index = new PackumentIndex(NpmName.parse("pkg"), versions,
        Map.of("1.1.0", NOW.minusSeconds(60)), Map.of("latest", "1.1.0"), Optional.empty(), PackumentHistory.of(List.of()));

    VersionFilter.Selection selection = strict.select(index, refused(), NOW);

    assertThat(selection.withheld()).containsOnlyKeys("1.1.0");
    assertThat(selection.withheld().get("1.1.0").sentence()).contains("held by Gatehouse rule cooldown until", "less than 7d ago");
    assertThat(selection.distTags()).containsEntry("latest", "1.0.0");
  }

  /** Issue 12: leaving a held version out made ranges walk down through every version nobody reviewed. */
  @Test
  void aVersionQuarantinedPendingReviewStaysListedAndLatestStaysOnIt() {
    PackumentIndex index = index(List.of("1.0.0", "1.1.0", "2.0.0"), "2.0.0");

    VersionFilter.Selection selection = filter.select(index, pending("2.0.0", "q-abcdefghij"), NOW);

    assertThat(selection.withheld()).isEmpty();
    assertThat(selection.held()).containsOnlyKeys("2.0.0");
    assertThat(selection.held().get("2.0.0").quarantineId()).hasValue("q-abcdefghij");
    assertThat(selection.held().get("2.0.0").sentence()).isEqualTo("pkg@2.0.0 is quarantined by Gatehouse rule "
        + "install-time-code, quarantine id q-abcdefghij, pending review: a postinstall script spawns make");
    assertThat(selection.distTags()).containsEntry("latest", "2.0.0");
  }

  @Test
  void withQuarantinedHideAHeldVersionIsLeftOutAndLatestMovesDown() {
    VersionFilter hiding = new VersionFilter(new ReleaseFilter(Policy.defaults(), NO_REFUSALS, Clock.systemUTC(),
        ReleaseFilter.QuarantinedReleases.HIDE));
    PackumentIndex index = index(List.of("1.0.0", "1.1.0", "2.0.0"), "2.0.0");

    VersionFilter.Selection selection = hiding.select(index, pending("2.0.0", "q-abcdefghij"), NOW);

    assertThat(selection.withheld()).containsOnlyKeys("2.0.0");
    assertThat(selection.held()).isEmpty();
    assertThat(selection.distTags()).containsEntry("latest", "1.1.0");
  }

  @Test
  void aBlockedVersionAndARejectedQuarantineAreLeftOutWithTheirRule() {
    PackumentIndex index = index(List.of("1.0.0", "1.1.0", "2.0.0"), "2.0.0");
    PackageRef blocked = ref("2.0.0");
    PackageRef rejected = ref("1.1.0");
    RefusedFiles refused = new RefusedFiles(Ecosystem.NPM, "pkg", List.of(blocked, rejected), List.of(
        new RefusedFiles.Refusal(blocked, Decision.BLOCK, "exfiltration", "reads ~/.npmrc", Optional.empty()),
        new RefusedFiles.Refusal(rejected, Decision.QUARANTINE, "install-time-code", "spawns make",
            Optional.empty())));

    VersionFilter.Selection selection = filter.select(index, refused, NOW);

    assertThat(selection.withheld()).containsOnlyKeys("1.1.0", "2.0.0");
    assertThat(selection.withheld().get("2.0.0").sentence())
        .isEqualTo("pkg@2.0.0 is blocked by Gatehouse rule exfiltration: reads ~/.npmrc");
    assertThat(selection.withheld().get("1.1.0").sentence())
        .isEqualTo("pkg@1.1.0 is refused after review by Gatehouse rule install-time-code: spawns make");
    assertThat(selection.distTags()).containsEntry("latest", "1.0.0");
  }

  private static RefusedFiles pending(String version, String quarantineId) {
    PackageRef ref = ref(version);
    return new RefusedFiles(Ecosystem.NPM, "pkg", List.of(ref), List.of(new RefusedFiles.Refusal(ref,
        Decision.QUARANTINE, "install-time-code", "a postinstall script spawns make", Optional.of(quarantineId))));
  }

  private static PackageRef ref(String version) {
    return new PackageRef(Ecosystem.NPM, "pkg", version, "pkg-" + version + ".tgz");
  }

  private static PackumentIndex index(List<String> versions, String latest) {
    Map<String, NpmRelease> releases = new LinkedHashMap<>();
    Map<String, Instant> published = new LinkedHashMap<>();
    for (String v : versions) {
      releases.put(v, release(v));
      published.put(v, Instant.parse("2020-01-01T00:00:00Z"));
    }
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("latest", latest);
    tags.put("beta", versions.get(versions.size() - 1));
    return new PackumentIndex(NpmName.parse("pkg"), releases, published, tags, Optional.empty(),
        PackumentHistory.of(List.of()));
  }

  private static NpmRelease release(String version) {
    return new NpmRelease(version, "pkg-" + version + ".tgz", Optional.empty(), Optional.empty(), Optional.empty(),
        false);
  }

  private static RefusedFiles refused(String... versions) {
    return new RefusedFiles(Ecosystem.NPM, "pkg", java.util.Arrays.stream(versions)
        .map(v -> new PackageRef(Ecosystem.NPM, "pkg", v, "pkg-" + v + ".tgz")).toList());
  }
}
