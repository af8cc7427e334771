package dev.gatehouse.proxy.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MavenPathTest {
  @Test
  void aJarPathNamesItsCoordinates() {
    MavenPath path = MavenPath.parse("com/google/guava/guava/33.0.0-jre/guava-33.0.0-jre.jar");

    assertThat(path.packageName()).isEqualTo("com.google.guava:guava");
    assertThat(path.version()).isEqualTo("33.0.0-jre");
    assertThat(path.fileName()).isEqualTo("guava-33.0.0-jre.jar");
    assertThat(path.isGatedArchive()).isTrue();
    assertThat(path.checksum()).isEmpty();
  }

  @Test
  void aChecksumPathNamesTheFileItIsOf() {
    MavenPath path = MavenPath.parse("org/example/lib/1.0/lib-1.0-tests.jar.sha256");

    assertThat(path.checksum()).contains("sha256");
    assertThat(path.subject().fileName()).isEqualTo("lib-1.0-tests.jar");
    assertThat(path.isGatedArchive()).isTrue();
  }

  @Test
  void pomsAndSignaturesAreDescriptorsNotGatedArchives() {
    assertThat(MavenPath.parse("org/example/lib/1.0/lib-1.0.pom").isDescriptor()).isTrue();
    assertThat(MavenPath.parse("org/example/lib/1.0/lib-1.0.jar.asc").isDescriptor()).isTrue();
    assertThat(MavenPath.parse("org/example/lib/1.0/lib-1.0.pom").isGatedArchive()).isFalse();
  }

  @Test
  void timestampedSnapshotsBelongInTheirSnapshotFolder() {
    MavenPath path = MavenPath.parse("org/example/lib/1.0-SNAPSHOT/lib-1.0-20240101.123456-7.jar");

    assertThat(path.version()).isEqualTo("1.0-SNAPSHOT");
    assertThat(path.isGatedArchive()).isTrue();
  }

  @Test
  void metadataMayLiveInAGroupArtifactOrVersionFolder() {
    assertThat(MavenPath.parse("org/apache/maven/plugins/maven-metadata.xml").isMetadata()).isTrue();
    assertThat(MavenPath.parse("org/example/lib/maven-metadata.xml.sha1").isMetadata()).isTrue();
    assertThat(MavenPath.parse("org/example/lib/maven-metadata.xml").folder()).containsExactly("org", "example", "lib");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "org/example/../../../etc/passwd",
      "org/example/lib/1.0/%2e%2e/lib-1.0.jar",
      "org/example/lib/1.0/%2E%2E%2Fsecret",
      "org%2fexample/lib/1.0/lib-1.0.jar",
      "org/example/lib/1.0/..%5c..%5clib-1.0.jar",
      "org\\example\\lib\\1.0\\lib-1.0.jar",
      "org/example/lib/1.0/%252e%252e/lib-1.0.jar",
      "org//example/lib/1.0/lib-1.0.jar",
      "/org/example/lib/1.0/lib-1.0.jar",
      "//example.invalid/lib-1.0.jar",
      "org/example/lib/1.0/.hidden",
      "org/example/lib/1.0/lib 1.0.jar",
      "org/example/lib/1.0/other-1.0.jar",
      "lib-1.0.jar",
      "",
  })
  void pathsOutsideTheLayoutAreRefused(String raw) {
    assertThatThrownBy(() -> MavenPath.parse(raw)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusalsSayWhatIsWrong() {
    assertThatThrownBy(() -> MavenPath.parse("org/example/lib/1.0/other-1.0.jar"))
        .hasMessage("\"other-1.0.jar\" does not belong in folder lib/1.0 of the Maven repository layout");
    assertThatThrownBy(() -> MavenPath.parse("a/../b/c/d"))
        .hasMessage("'.' and '..' are not allowed in a repository path");
  }
}
