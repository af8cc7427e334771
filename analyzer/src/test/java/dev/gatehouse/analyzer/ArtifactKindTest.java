package dev.gatehouse.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.fixtures.ArchiveFixture;
import dev.gatehouse.analyzer.fixtures.JarFixture;
import dev.gatehouse.analyzer.fixtures.SdistFixture;
import dev.gatehouse.analyzer.fixtures.WheelFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ArtifactKind#detect}: the content decides, the file name only when the content says nothing. */
class ArtifactKindTest {
  @TempDir Path tmp;

  private static ArchiveFixture npmPackage() {
    return ArchiveFixture.create()
        .file("package/package.json", """
            {"name": "left-pad", "version": "1.0.0", "scripts": {"postinstall": "node x.js"}}
            """)
        .file("package/x.js", "console.log('hi');\n");
  }

  @Test
  void npmTarballNamedLikeAnSdistIsNpm() throws IOException {
    Path file = npmPackage().tarGz(tmp.resolve("left-pad-1.0.0.tar.gz"));

    assertThat(ArtifactKind.fromFileName(file.getFileName().toString())).contains(ArtifactKind.SDIST);
    assertThat(ArtifactKind.detect(file)).contains(ArtifactKind.NPM_TARBALL);
  }

  @Test
  void npmTarballUnderItsOwnNameIsNpm() throws IOException {
    assertThat(ArtifactKind.detect(npmPackage().tarGz(tmp.resolve("left-pad-1.0.0.tgz"))))
        .contains(ArtifactKind.NPM_TARBALL);
  }

  @Test
  void npmManifestFoundAfterManyOtherEntriesStillDecides() throws IOException {
    ArchiveFixture fixture = ArchiveFixture.create();
    for (int i = 0; i < 300; i++) {
      fixture.file("package/lib/f" + i + ".js", "module.exports = " + i + ";\n");
    }
    fixture.file("package/package.json", "{\"name\": \"many\", \"version\": \"1.0.0\"}");

    assertThat(ArtifactKind.detect(fixture.tarGz(tmp.resolve("many.tar.gz")))).contains(ArtifactKind.NPM_TARBALL);
  }

  @Test
  void npmPackageShippingAPythonHelperIsStillNpm() throws IOException {
    Path file = npmPackage().file("package/setup.py", "print('gyp helper')\n").tarGz(tmp.resolve("helper.tar.gz"));

    assertThat(ArtifactKind.detect(file)).contains(ArtifactKind.NPM_TARBALL);
  }

  @Test
  void oldNpmTarballWithItsOwnTopFolderIsNpm() throws IOException {
    Path file = ArchiveFixture.create()
        .file("node-uuid/package.json", "{\"name\": \"node-uuid\", \"version\": \"1.4.0\"}")
        .file("node-uuid/uuid.js", "module.exports = 1;\n")
        .tarGz(tmp.resolve("node-uuid-1.4.0.tar.gz"));

    assertThat(ArtifactKind.detect(file)).contains(ArtifactKind.NPM_TARBALL);
  }

  @Test
  void sdistIsAnSdistWhateverItIsCalled() throws IOException {
    SdistFixture sdist = SdistFixture.named("demo", "1.0").file("setup.py", "from setuptools import setup\nsetup()\n");
    Path tarGz = sdist.tarGz(tmp);
    Path misnamed = Files.move(tarGz, tmp.resolve("demo-1.0.tgz"));
    Path zip = sdist.zip(tmp);

    assertThat(ArtifactKind.fromFileName("demo-1.0.tgz")).contains(ArtifactKind.NPM_TARBALL);
    assertThat(ArtifactKind.detect(misnamed)).contains(ArtifactKind.SDIST);
    assertThat(ArtifactKind.detect(zip)).contains(ArtifactKind.SDIST);
    assertThat(ArtifactKind.detect(sdist.tarBz2(tmp))).contains(ArtifactKind.SDIST);
  }

  @Test
  void sdistWithAPackageJsonForItsFrontendIsAnSdist() throws IOException {
    Path file = SdistFixture.named("jupyter-ext", "1.0")
        .file("package.json", "{\"name\": \"jupyter-ext\", \"version\": \"1.0.0\"}")
        .file("pyproject.toml", "[build-system]\nrequires = [\"hatchling\"]\n")
        .tarGz(tmp);

    assertThat(ArtifactKind.detect(file)).contains(ArtifactKind.SDIST);
  }

  @Test
  void wheelIsAWheelWhateverItIsCalled() throws IOException {
    Path wheel = WheelFixture.named("demo", "1.0").file("demo/__init__.py", "X = 1\n").build(tmp);
    Path misnamed = Files.move(wheel, tmp.resolve("demo-1.0.zip"));

    assertThat(ArtifactKind.detect(misnamed)).contains(ArtifactKind.WHEEL);
  }

  @Test
  void zipWithMetaInfOrClassesIsAJvmArchive() throws IOException {
    Path jar = Files.write(tmp.resolve("dist.zip"), JarFixture.builder()
        .javaSource("fixture/A", "package fixture; public class A {}").toBytes());
    Path bare = ArchiveFixture.create().file("fixture/B.class", new byte[] {(byte) 0xca, (byte) 0xfe})
        .zip(tmp.resolve("classes.bin"));

    assertThat(ArtifactKind.detect(jar)).contains(ArtifactKind.JAR);
    assertThat(ArtifactKind.detect(bare)).contains(ArtifactKind.JAR);
  }

  @Test
  void androidArchiveIsAJvmArchive() throws IOException {
    byte[] classes = JarFixture.builder().javaSource("fixture/A", "package fixture; public class A {}").toBytes();
    Path aar = ArchiveFixture.create()
        .file("AndroidManifest.xml", "<manifest package=\"fixture\"/>")
        .file("classes.jar", classes)
        .file("R.txt", "")
        .zip(tmp.resolve("lib-1.0.zip"));

    assertThat(ArtifactKind.detect(aar)).contains(ArtifactKind.JAR);
  }

  @Test
  void jarHoldingPythonSourcesBesideItsClassesIsAJvmArchive() throws IOException {
    Path file = Files.write(tmp.resolve("jython-standalone-2.7.4.jar"), JarFixture.builder()
        .javaSource("fixture/A", "package fixture; public class A {}")
        .resource("Lib/setup.py", "print('stdlib')\n")
        .toBytes());

    assertThat(ArtifactKind.detect(file)).contains(ArtifactKind.JAR);
  }

  @Test
  void contentThatSaysNothingFallsBackToTheFileName() throws IOException {
    Path notAnArchive = Files.writeString(tmp.resolve("broken.jar"), "not a zip");
    Path plainText = Files.writeString(tmp.resolve("notes.txt"), "hello");
    Path anonymousTar = ArchiveFixture.create().file("a/readme.txt", "hi").tarGz(tmp.resolve("a-1.0.tar.gz"));

    assertThat(ArtifactKind.detect(notAnArchive)).contains(ArtifactKind.JAR);
    assertThat(ArtifactKind.detect(plainText)).isEmpty();
    assertThat(ArtifactKind.detect(anonymousTar)).contains(ArtifactKind.SDIST);
  }

  @Test
  void truncatedTarIsNamedByWhatWasReadBeforeTheDamage() throws IOException {
    Path whole = npmPackage().file("package/big.js", "x".repeat(100_000)).tarGz(tmp.resolve("whole.tgz"));
    byte[] bytes = Files.readAllBytes(whole);
    Path truncated = Files.write(tmp.resolve("cut.tar.gz"), java.util.Arrays.copyOf(bytes, bytes.length / 2));

    assertThat(ArtifactKind.detect(truncated)).contains(ArtifactKind.NPM_TARBALL);
  }
}
