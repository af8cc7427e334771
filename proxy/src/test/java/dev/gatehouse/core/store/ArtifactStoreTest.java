package dev.gatehouse.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageRef;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStoreTest {
  private static final Instant MONDAY = Instant.parse("2026-03-02T09:00:00Z");
  private static final Instant TUESDAY = Instant.parse("2026-03-03T09:00:00Z");

  @TempDir Path data;
  private Database db;
  private ArtifactStore artifacts;

  @BeforeEach
  void open() throws IOException {
    db = Database.openSqlite(data);
    artifacts = new ArtifactStore(db);
  }

  @AfterEach
  void close() throws IOException {
    db.close();
  }

  @Test
  void fetchingTheSameBytesAgainKeepsTheFirstFetchTime() throws IOException {
    PackageRef ref = Samples.npm("left-pad", "1.3.0");
    KnownArtifact first = artifact(ref, "left-pad bytes", MONDAY);

    artifacts.remember(first);
    KnownArtifact again = artifacts.remember(artifact(ref, "left-pad bytes", TUESDAY));

    assertThat(again).isEqualTo(first);
    assertThat(artifacts.find(ref)).contains(first);
  }

  @Test
  void republishedBytesUnderTheSameFileReplaceTheRecord() throws IOException {
    PackageRef ref = Samples.npm("left-pad", "1.3.0");
    artifacts.remember(artifact(ref, "original", MONDAY));
    KnownArtifact republished = artifact(ref, "republished with a postinstall", TUESDAY);

    assertThat(artifacts.remember(republished)).isEqualTo(republished);

    assertThat(artifacts.find(ref)).contains(republished);
    assertThat(artifacts.withSha256(Samples.sha256("original"))).isEmpty();
  }

  @Test
  void theSameBytesUnderTwoNamesAreBothFoundByDigest() throws IOException {
    KnownArtifact a = artifact(Samples.maven("org.example:core", "1.0"), "shaded bytes", MONDAY);
    KnownArtifact b = artifact(Samples.maven("org.example:core-all", "1.0"), "shaded bytes", TUESDAY);
    artifacts.remember(b);
    artifacts.remember(a);

    assertThat(artifacts.withSha256(Samples.sha256("shaded bytes"))).containsExactly(a, b);
  }

  @Test
  void filesOfAPackageAreListedByVersionAndOthersArePagedInAStableOrder() throws IOException {
    KnownArtifact v2 = artifact(Samples.npm("@scope/pkg", "2.0.0"), "v2", MONDAY);
    KnownArtifact v1 = artifact(Samples.npm("@scope/pkg", "1.0.0"), "v1", MONDAY);
    KnownArtifact other = artifact(Samples.npm("other", "1.0.0"), "other", MONDAY);
    artifacts.remember(v2);
    artifacts.remember(other);
    artifacts.remember(v1);

    assertThat(artifacts.ofPackage(Ecosystem.NPM, "@scope/pkg")).containsExactly(v1, v2);
    assertThat(artifacts.ofPackage(Ecosystem.PYPI, "@scope/pkg")).isEmpty();
    assertThat(artifacts.list(2, 0)).containsExactly(v1, v2);
    assertThat(artifacts.list(2, 2)).containsExactly(other);
    assertThatThrownBy(() -> artifacts.list(ArtifactStore.MAX_PAGE + 1, 0))
        .hasMessage("limit must be between 1 and 1000, was 1001");
  }

  static KnownArtifact artifact(PackageRef ref, String bytes, Instant at) {
    return new KnownArtifact(ref, Samples.sha256(bytes), bytes.length(),
        URI.create("https://registry.example.invalid/" + ref.name() + "/-/" + ref.file()), at);
  }
}
