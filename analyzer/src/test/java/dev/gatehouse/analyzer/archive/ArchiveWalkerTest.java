package dev.gatehouse.analyzer.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.AnalysisLimits;
import dev.gatehouse.analyzer.ArchiveFinding;
import dev.gatehouse.analyzer.ArchiveProblem;
import dev.gatehouse.analyzer.Deadline;
import dev.gatehouse.analyzer.fixtures.ArchiveFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveWalkerTest {
  @TempDir Path tmp;

  private final List<String> visited = new ArrayList<>();

  private ArchiveWalker walker(AnalysisLimits limits) {
    return new ArchiveWalker(limits, Deadline.after(limits.maxAnalysisTime()));
  }

  private List<ArchiveFinding> walk(Path archive, AnalysisLimits limits) throws IOException {
    ArchiveWalker walker = walker(limits);
    walker.walk(archive, entry -> {
      entry.bytes();
      visited.add(entry.path());
    });
    return walker.findings();
  }

  private static AnalysisLimits limits(int maxEntries, long maxInflated, int ratio, long maxEntryBytes, int depth) {
    AnalysisLimits d = AnalysisLimits.defaults();
    return new AnalysisLimits(d.maxArtifactBytes(), maxEntries, maxInflated, ratio, maxEntryBytes,
        d.maxNameLength(), depth, d.maxAnalysisTime(), d.maxClasses(), d.maxCallDepth());
  }

  @Test
  void zipEntriesAreVisitedInOrderWithNoFindings() throws IOException {
    Path zip = ArchiveFixture.create().file("a/One.class", "x").file("b.txt", "y").zip(tmp.resolve("ok.jar"));
    assertThat(walk(zip, AnalysisLimits.defaults())).isEmpty();
    assertThat(visited).containsExactly("a/One.class", "b.txt");
  }

  @Test
  void traversalAbsoluteAndBackslashNamesAreFindingsAndNotVisited() throws IOException {
    Path zip = ArchiveFixture.create()
        .file("../../etc/cron.d/x", "a").file("/abs/path", "b").file("..\\win\\evil.dll", "c")
        .file("C:/Windows/x", "d").file("fine.txt", "e").zip(tmp.resolve("slip.zip"));
    List<ArchiveFinding> findings = walk(zip, AnalysisLimits.defaults());
    assertThat(findings).extracting(ArchiveFinding::problem).containsOnly(ArchiveProblem.PATH_TRAVERSAL).hasSize(4);
    assertThat(findings).extracting(f -> f.evidence().path())
        .containsExactly("../../etc/cron.d/x", "/abs/path", "../win/evil.dll", "C:/Windows/x");
    assertThat(visited).containsExactly("fine.txt");
  }

  @Test
  void backslashInATarNameIsAFinding() throws IOException {
    Path tgz = ArchiveFixture.create().file("package\\evil.js", "1").tarGz(tmp.resolve("b.tgz"));
    assertThat(walk(tgz, AnalysisLimits.defaults())).singleElement()
        .satisfies(f -> assertThat(f.summary()).startsWith("entry name contains a backslash"));
  }

  @Test
  void tarSymlinkThatEscapesIsATraversalFinding() throws IOException {
    Path tgz = ArchiveFixture.create().file("package/index.js", "1")
        .symlink("package/link", "../../../home/user/.ssh/id_rsa").symlink("package/ok", "index.js")
        .tarGz(tmp.resolve("p.tgz"));
    List<ArchiveFinding> findings = walk(tgz, AnalysisLimits.defaults());
    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.problem()).isEqualTo(ArchiveProblem.PATH_TRAVERSAL);
      assertThat(f.evidence().path()).isEqualTo("package/link");
    });
    assertThat(visited).containsExactly("package/index.js");
  }

  @Test
  void highlyCompressibleEntryIsABombAndStopsTheWalk() throws IOException {
    Path zip = zerosZip(tmp.resolve("bomb.zip"), "bomb.bin", 80 << 20);
    List<ArchiveFinding> findings = walk(zip, limits(1000, 1L << 40, 100, 1L << 30, 3));
    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.problem()).isEqualTo(ArchiveProblem.BOMB);
      assertThat(f.summary()).contains("limits.maxCompressionRatio");
    });
    assertThat(visited).isEmpty();
  }

  @Test
  void aFewMegabytesOfZerosAreTestDataNotABomb() throws IOException {
    Path zip = zerosZip(tmp.resolve("testdata.zip"), "tests/zeros.bin", 16 << 20);
    assertThat(walk(zip, AnalysisLimits.defaults())).isEmpty();
    assertThat(visited).containsExactly("tests/zeros.bin", "after.txt");
  }

  /** A zip with one entry of {@code size} zero bytes, written in chunks so the test holds no large array. */
  /** A tar.gz of one entry of {@code size} zeros, streamed: a tar's entries are counted as they inflate. */
  private static Path zerosTarGz(Path file, String name, int size) throws IOException {
    try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
        new org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream(Files.newOutputStream(file)))) {
      var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(name);
      entry.setSize(size);
      tar.putArchiveEntry(entry);
      byte[] chunk = new byte[1 << 20];
      for (int written = 0; written < size; written += chunk.length) {
        tar.write(chunk);
      }
      tar.closeArchiveEntry();
    }
    return file;
  }

  private static Path zerosZip(Path file, String name, int size) throws IOException {
    try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
      zip.putNextEntry(new java.util.zip.ZipEntry(name));
      byte[] chunk = new byte[1 << 20];
      for (int written = 0; written < size; written += chunk.length) {
        zip.write(chunk);
      }
      zip.closeEntry();
      zip.putNextEntry(new java.util.zip.ZipEntry("after.txt"));
      zip.write('x');
      zip.closeEntry();
    }
    return file;
  }

  @Test
  void inflatedBytesAreCountedAcrossEntriesAgainstTheBudget() throws IOException {
    ArchiveFixture fixture = ArchiveFixture.create();
    byte[] noise = new byte[100_000];
    new java.util.Random(7).nextBytes(noise);
    for (int i = 0; i < 5; i++) {
      fixture.file("f" + i, noise);
    }
    List<ArchiveFinding> findings = walk(fixture.tarGz(tmp.resolve("big.tgz")), limits(1000, 250_000, 200, 1L << 30, 3));
    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.problem()).isEqualTo(ArchiveProblem.BOMB);
      assertThat(f.summary()).isEqualTo("inflates past 250000 bytes (limits.maxInflatedBytes)");
    });
  }

  @Test
  void tooManyEntriesInTheCentralDirectoryStopTheWalkBeforeAnyEntryIsRead() throws IOException {
    ArchiveFixture fixture = ArchiveFixture.create();
    for (int i = 0; i < 20; i++) {
      fixture.file("e" + i, "x");
    }
    List<ArchiveFinding> findings = walk(fixture.zip(tmp.resolve("many.zip")), limits(10, 1L << 30, 200, 1L << 30, 3));
    assertThat(findings).extracting(ArchiveFinding::problem).containsExactly(ArchiveProblem.TOO_MANY_ENTRIES);
    assertThat(visited).isEmpty();
  }

  @Test
  void tooManyTarEntriesStopTheWalkAtTheLimit() throws IOException {
    ArchiveFixture fixture = ArchiveFixture.create();
    for (int i = 0; i < 20; i++) {
      fixture.file("package/e" + i, "x");
    }
    List<ArchiveFinding> findings = walk(fixture.tarGz(tmp.resolve("many.tgz")), limits(10, 1L << 30, 200, 1L << 30, 3));
    assertThat(findings).extracting(ArchiveFinding::problem).containsExactly(ArchiveProblem.TOO_MANY_ENTRIES);
    assertThat(visited).hasSize(10);
  }

  @Test
  void truncatedZipIsAMalformedFinding() throws IOException {
    Path zip = ArchiveFixture.create().file("a.class", "x".repeat(5000)).zip(tmp.resolve("whole.zip"));
    byte[] bytes = Files.readAllBytes(zip);
    Path truncated = Files.write(tmp.resolve("cut.zip"), Arrays.copyOf(bytes, bytes.length / 2));
    assertThat(walk(truncated, AnalysisLimits.defaults()))
        .extracting(ArchiveFinding::problem).containsExactly(ArchiveProblem.MALFORMED);
  }

  @Test
  void truncatedTarGzIsAMalformedFinding() throws IOException {
    byte[] noise = new byte[50_000];
    new java.util.Random(1).nextBytes(noise);
    Path tgz = ArchiveFixture.create().file("package/a.js", noise).tarGz(tmp.resolve("whole.tgz"));
    byte[] bytes = Files.readAllBytes(tgz);
    Path truncated = Files.write(tmp.resolve("cut.tgz"), Arrays.copyOf(bytes, bytes.length / 2));
    assertThat(walk(truncated, AnalysisLimits.defaults()))
        .extracting(ArchiveFinding::problem).containsAnyOf(ArchiveProblem.MALFORMED, ArchiveProblem.UNREADABLE_ENTRY);
  }

  @Test
  void fileThatIsNoArchiveIsAMalformedFinding() throws IOException {
    Path text = Files.writeString(tmp.resolve("x.jar"), "just text, not a zip");
    assertThat(walk(text, AnalysisLimits.defaults())).singleElement()
        .satisfies(f -> assertThat(f.summary()).startsWith("not a zip or tar archive"));
  }

  @Test
  void nestedArchivesAreWalkedWithJoinedPathsUpToTheDepthLimit() throws IOException {
    byte[] level2 = ArchiveFixture.create().file("deep.txt", "d").zipBytes(tmp.resolve("l2.zip"));
    byte[] level1 = ArchiveFixture.create().file("inner.txt", "i").file("lib/l2.jar", level2).zipBytes(tmp.resolve("l1.zip"));
    Path outer = ArchiveFixture.create().file("BOOT-INF/lib/l1.jar", level1).zip(tmp.resolve("outer.jar"));

    ArchiveWalker walker = walker(limits(1000, 1L << 30, 200, 1L << 30, 1));
    walker.walk(outer, new EntryVisitor() {
      @Override
      public void visit(ArchiveEntry entry) throws IOException {
        if (entry.name().endsWith(".jar")) {
          walker.walkNested(entry, this);
        } else {
          entry.bytes();
          visited.add(entry.path());
        }
      }
    });
    assertThat(visited).containsExactly("BOOT-INF/lib/l1.jar!/inner.txt");
    assertThat(walker.findings()).singleElement().satisfies(f -> {
      assertThat(f.problem()).isEqualTo(ArchiveProblem.TOO_DEEP);
      assertThat(f.evidence().path()).isEqualTo("BOOT-INF/lib/l1.jar!/lib/l2.jar");
    });
  }

  @Test
  void entryLargerThanMaxEntryBytesIsReportedAndOthersAreStillRead() throws IOException {
    Path zip = ArchiveFixture.create().file("huge.js", "x".repeat(2000)).file("small.js", "y").zip(tmp.resolve("e.zip"));
    List<ArchiveFinding> findings = walk(zip, limits(1000, 1L << 30, 10_000, 1000, 3));
    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.problem()).isEqualTo(ArchiveProblem.ANALYSIS_LIMIT);
      assertThat(f.summary()).contains("limits.maxEntryBytes");
    });
    assertThat(visited).containsExactly("small.js");
  }

  @Test
  void deadlineStopsTheWalkWithAnAnalysisLimitFinding() throws IOException {
    Path zip = ArchiveFixture.create().file("a", "1").file("b", "2").file("c", "3").zip(tmp.resolve("slow.zip"));
    AtomicLong now = new AtomicLong();
    ArchiveWalker walker = new ArchiveWalker(AnalysisLimits.defaults(), Deadline.after(Duration.ofSeconds(1), now::get));
    walker.walk(zip, entry -> {
      visited.add(entry.path());
      now.addAndGet(Duration.ofSeconds(2).toNanos()); // each entry "takes" two seconds
    });
    assertThat(visited).containsExactly("a");
    assertThat(walker.findings()).singleElement()
        .satisfies(f -> assertThat(f.summary()).contains("limits.maxAnalysisTime"));
  }

  @Test
  void aVisitorThatSwallowsTheLimitStillEndsTheWalk() throws IOException {
    Path zip = zerosTarGz(tmp.resolve("s.tgz"), "bomb", 80 << 20);
    ArchiveWalker walker = walker(limits(1000, 1L << 40, 50, 1L << 30, 3));
    walker.walk(zip, entry -> {
      try {
        entry.bytes();
      } catch (IOException swallowed) {
        // a careless visitor
      }
      visited.add(entry.path());
    });
    assertThat(walker.stopped()).isTrue();
    assertThat(visited).containsExactly("bomb");
  }
}
