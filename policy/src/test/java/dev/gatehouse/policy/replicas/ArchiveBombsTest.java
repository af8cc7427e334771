package dev.gatehouse.policy.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.Analysis;
import dev.gatehouse.analyzer.AnalysisLimits;
import dev.gatehouse.analyzer.Analyzer;
import dev.gatehouse.analyzer.ArchiveFinding;
import dev.gatehouse.analyzer.ArchiveProblem;
import dev.gatehouse.analyzer.ArtifactKind;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.fixtures.Bombs;
import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.Ecosystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, "an analyzer no archive can knock over": every hostile archive reported in the issue is
 * built here, streamed to disk, and must end as a finding and a verdict other than allow, never an
 * exception, an {@code OutOfMemoryError} or an allow. The time and heap each takes are measured with
 * {@code gatehouse scan} under {@code -Xmx64m}, outside the unit tests.
 */
class ArchiveBombsTest {
  @TempDir Path tmp;

  /** Was allowed unread: only class files were inflated, and the zeros are not classes. */
  @Test
  @DisplayName("bomb: a jar of 8 × 256 MiB zero entries is refused from its central directory")
  void jarOfZeroEntriesIsRefusedBeforeInflating() throws IOException {
    Path jar = Bombs.zeroEntriesJar(tmp.resolve("zeros-1.0.jar"), 8, 256);
    Replica replica = Replica.judge(jar, ArtifactKind.JAR, Ecosystem.MAVEN, "org.example:zeros", "1.0").isBlocked();
    assertThat(replica.analysis().archiveFindings()).anySatisfy(f -> {
      assertThat(f.problem()).isEqualTo(ArchiveProblem.BOMB);
      assertThat(f.summary()).contains("limits.maxCompressionRatio");
    });
  }

  /** Took 14.7 s and 3 GB of heap: the zip library built a million entries before anything was checked. */
  @Test
  @DisplayName("bomb: a jar of a million entries stops at limits.maxEntries")
  void jarOfAMillionEntriesStopsAtTheEntryLimit() throws IOException {
    Path jar = Bombs.manyEntriesJar(tmp.resolve("many-1.0.jar"), 1_000_000);
    Replica replica = Replica.judge(jar, ArtifactKind.JAR, Ecosystem.MAVEN, "org.example:many", "1.0");
    assertThat(replica.verdict().decision()).isNotEqualTo(Decision.ALLOW);
    assertThat(replica.analysis().archiveFindings()).singleElement().satisfies(f -> {
      assertThat(f.problem()).isEqualTo(ArchiveProblem.TOO_MANY_ENTRIES);
      assertThat(f.summary()).contains("limits.maxEntries");
    });
  }

  /** Gave 65,536 findings and 631 MB: every archive past the depth limit was one more finding. */
  @Test
  @DisplayName("bomb: 42.zip-style nested jars end with one too-deep finding")
  void fortyTwoStyleNestingEndsWithOneFinding() throws IOException {
    Path jar = Bombs.nestedJars(tmp.resolve("nest-1.0.jar"), 5, 16, 64);
    Replica replica = Replica.judge(jar, ArtifactKind.JAR, Ecosystem.MAVEN, "org.example:nest", "1.0");
    assertThat(replica.verdict().decision()).isNotEqualTo(Decision.ALLOW);
    assertThat(replica.analysis().findings()).singleElement().satisfies(f ->
        assertThat(((ArchiveFinding) f).problem()).isEqualTo(ArchiveProblem.TOO_DEEP));
  }

  /** Needed 756 MB of heap: every token of the line was kept, then a structure of three ints per token. */
  @Test
  @DisplayName("bomb: a 15 MB one-line JavaScript main file stops at limits.maxTokensPerFile")
  void oneLineJavaScriptFileStopsAtTheTokenLimit() throws IOException {
    Path tgz = Bombs.oneLineJsTarball(tmp.resolve("one-line-1.0.0.tgz"), 15);
    Replica replica = Replica.judge(tgz, ArtifactKind.NPM_TARBALL, Ecosystem.NPM, "one-line", "1.0.0");
    assertThat(replica.verdict().decision()).isNotEqualTo(Decision.ALLOW);
    assertThat(replica.analysis().archiveFindings()).anySatisfy(f -> {
      assertThat(f.problem()).isEqualTo(ArchiveProblem.ANALYSIS_LIMIT);
      assertThat(f.evidence().path()).isEqualTo("package/index.js");
      assertThat(f.summary()).contains("limits.maxTokensPerFile");
    });
  }

  /** Spilled 1.57 GB to /tmp: the nested jar was copied out in full before its ratio was judged. */
  @Test
  @DisplayName("bomb: a jar inside a jar is judged from its declared size and nothing spills")
  void nestedJarBombIsRefusedWithoutSpilling() throws IOException {
    Path jar = Bombs.jarInJar(tmp.resolve("outer-1.0.jar"), 256);
    Path scratch = Files.createDirectories(tmp.resolve("scratch"));
    Analysis analysis = new Analyzer(AnalysisLimits.defaults(), scratch).analyze(jar, ArtifactKind.JAR);
    assertThat(analysis.archiveFindings()).anySatisfy(f -> {
      assertThat(f.problem()).isEqualTo(ArchiveProblem.BOMB);
      assertThat(f.evidence().path()).isEqualTo("lib/inner.jar");
    });
    try (Stream<Path> left = Files.list(scratch)) {
      assertThat(left).isEmpty();
    }
    Replica.judge(jar, ArtifactKind.JAR, Ecosystem.MAVEN, "org.example:outer", "1.0").isBlocked();
  }

  /** Was a StackOverflowError, answered as HTTP 500 with a stack trace. */
  @Test
  @DisplayName("bomb: 3,000 nested Python if blocks are a finding, not a stack overflow")
  void deeplyNestedPythonIsAFindingNotAStackOverflow() throws IOException {
    Path sdist = Bombs.deeplyNestedSdist(tmp.resolve("deep-1.0.tar.gz"), 3000);
    Replica replica = Replica.judge(sdist, ArtifactKind.SDIST, Ecosystem.PYPI, "deep", "1.0");
    assertThat(replica.verdict().decision()).isNotEqualTo(Decision.ALLOW);
    assertThat(replica.analysis().archiveFindings()).anySatisfy(f -> {
      assertThat(f.evidence().path()).isEqualTo("deep-1.0/deep/__init__.py");
      assertThat(f.summary()).contains("too many levels of indentation");
    });
  }

  @Test
  void pythonModuleWithMoreTokensThanTheBudgetIsAFinding() throws IOException {
    Path sdist = Bombs.sdistWithInit(tmp.resolve("deep-1.0.tar.gz"), "x = [" + "1, ".repeat(5000) + "]\n");
    AnalysisLimits d = AnalysisLimits.defaults();
    AnalysisLimits limits = new AnalysisLimits(d.maxArtifactBytes(), d.maxEntries(), d.maxInflatedBytes(),
        d.maxCompressionRatio(), d.maxEntryBytes(), d.maxNameLength(), d.maxNestingDepth(), d.maxAnalysisTime(),
        d.maxClasses(), d.maxCallDepth(), 1000, d.maxFindings());
    Analysis analysis = new Analyzer(limits).analyze(sdist, ArtifactKind.SDIST);
    assertThat(analysis.archiveFindings()).anySatisfy(f -> {
      assertThat(f.problem()).isEqualTo(ArchiveProblem.ANALYSIS_LIMIT);
      assertThat(f.evidence().path()).isEqualTo("deep-1.0/deep/__init__.py");
      assertThat(f.summary()).contains("limits.maxTokensPerFile");
    });
  }

  @Test
  void findingsPastTheBudgetAreCountedByOneMoreFinding() throws IOException {
    Path jar = tmp.resolve("broken-1.0.jar");
    try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(jar))) {
      for (int i = 0; i < 50; i++) {
        zip.putNextEntry(new java.util.zip.ZipEntry("fixture/Broken" + i + ".class"));
        zip.write(new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe, 0, 0});
        zip.closeEntry();
      }
    }
    AnalysisLimits d = AnalysisLimits.defaults();
    AnalysisLimits limits = new AnalysisLimits(d.maxArtifactBytes(), d.maxEntries(), d.maxInflatedBytes(),
        d.maxCompressionRatio(), d.maxEntryBytes(), d.maxNameLength(), d.maxNestingDepth(), d.maxAnalysisTime(),
        d.maxClasses(), d.maxCallDepth(), d.maxTokensPerFile(), 10);
    Analysis analysis = new Analyzer(limits).analyze(jar, ArtifactKind.JAR);
    assertThat(analysis.findings()).hasSize(10);
    assertThat(analysis.archiveFindings()).anySatisfy(f -> assertThat(f.summary()).contains("limits.maxFindings"));
  }

  /** Tar links with absolute targets passed. */
  @Test
  @DisplayName("traversal: a tar symlink to an absolute path is blocked")
  void symlinkToAnAbsolutePathIsBlocked() throws IOException {
    Path tgz = Bombs.tarballWithLink(tmp.resolve("links-1.0.0.tgz"), "package/rc", "/home/user/.bashrc", false);
    assertTraversal(tgz, "package/rc");
  }

  @Test
  @DisplayName("traversal: a tar symlink that climbs out of the package is blocked")
  void symlinkThatClimbsOutOfThePackageIsBlocked() throws IOException {
    Path tgz = Bombs.tarballWithLink(tmp.resolve("links-1.0.0.tgz"), "package/lib/up", "../../.npmrc", false);
    assertTraversal(tgz, "package/lib/up");
  }

  @Test
  @DisplayName("traversal: a tar hard link to a file outside the package is blocked")
  void hardLinkOutsideThePackageIsBlocked() throws IOException {
    Path tgz = Bombs.tarballWithLink(tmp.resolve("links-1.0.0.tgz"), "package/hard", "other/secret", true);
    assertTraversal(tgz, "package/hard");
  }

  @Test
  void linkInsideThePackageIsAllowed() throws IOException {
    Path tgz = Bombs.tarballWithLink(tmp.resolve("links-1.0.0.tgz"), "package/bin/cli", "../lib/cli.js", false);
    Replica.judge(tgz, ArtifactKind.NPM_TARBALL, Ecosystem.NPM, "links", "1.0.0").isAllowed();
  }

  /** Issue 18: biome, turbo and bun were quarantined as "unreadable archive", and npm skipped them silently. */
  @Test
  void platformPackageWithA20MiBExecutableIsAllowedWithAFindingNamingFormatAndSize() throws IOException {
    byte[] elf = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
    Path tgz = Bombs.tarballWithLargeFile(tmp.resolve("cli-linux-x64-1.0.0.tgz"), "package/bin/tool", elf, 20);
    Replica replica = Replica.judge(tgz, ArtifactKind.NPM_TARBALL, Ecosystem.NPM, "@example/cli-linux-x64", "1.0.0")
        .isAllowed();
    assertThat(replica.analysis().archiveFindings()).singleElement().satisfies(f -> {
      assertThat(f.problem()).isEqualTo(ArchiveProblem.LARGE_BINARY);
      assertThat(f.severity()).isEqualTo(Severity.LOW);
      assertThat(f.summary()).contains("ELF executable", String.valueOf(20 << 20));
    });
  }

  @Test
  void javaScriptFileOverTheEntryLimitStillHoldsThePackage() throws IOException {
    byte[] code = "module.exports = 1;\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Path tgz = Bombs.tarballWithLargeFile(tmp.resolve("big-1.0.0.tgz"), "package/index.js", code, 20);
    Replica replica = Replica.judge(tgz, ArtifactKind.NPM_TARBALL, Ecosystem.NPM, "big", "1.0.0");
    assertThat(replica.verdict().decision()).isEqualTo(Decision.QUARANTINE);
    assertThat(replica.analysis().archiveFindings())
        .anySatisfy(f -> assertThat(f.problem()).isEqualTo(ArchiveProblem.ANALYSIS_LIMIT));
  }

  private void assertTraversal(Path tgz, String path) throws IOException {
    Replica replica = Replica.judge(tgz, ArtifactKind.NPM_TARBALL, Ecosystem.NPM, "links", "1.0.0").isBlocked();
    assertThat(replica.analysis().archiveFindings()).anySatisfy(f -> {
      assertThat(f.problem()).isEqualTo(ArchiveProblem.PATH_TRAVERSAL);
      assertThat(f.evidence().path()).isEqualTo(path);
    });
  }
}
