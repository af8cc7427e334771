package dev.gatehouse.analyzer.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.Analysis;
import dev.gatehouse.analyzer.AnalysisLimits;
import dev.gatehouse.analyzer.Analyzer;
import dev.gatehouse.analyzer.ArchiveProblem;
import dev.gatehouse.analyzer.ArtifactKind;
import dev.gatehouse.analyzer.Deadline;
import dev.gatehouse.analyzer.Trigger;
import dev.gatehouse.analyzer.fixtures.ArchiveFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: real sdists that Python's {@code tarfile} reads were refused as malformed ("garbage after the
 * gzip stream" once, "not a zip or tar archive" twice), so their code was never read. The reader reads
 * what pip and npm read, recognising the format from the content, and fails closed only beyond that.
 */
class ArchiveReadersTest {
  @TempDir Path tmp;

  private final List<String> visited = new ArrayList<>();

  private ArchiveWalker walk(Path archive) throws IOException {
    ArchiveWalker walker = new ArchiveWalker(AnalysisLimits.defaults(), Deadline.after(java.time.Duration.ofMinutes(1)));
    walker.walk(archive, entry -> {
      visited.add(entry.path() + "=" + entry.text());
    });
    return walker;
  }

  private Path sdistTarGz() throws IOException {
    return ArchiveFixture.create()
        .file("demo-1.0/setup.py", "import os\nos.system('id')\n")
        .file("demo-1.0/PKG-INFO", "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n")
        .tarGz(tmp.resolve("made.tar.gz"));
  }

  private byte[] tarBytes() throws IOException {
    try (InputStream in = new GzipCompressorInputStream(Files.newInputStream(sdistTarGz()))) {
      return in.readAllBytes();
    }
  }

  @Test
  void bytesAfterTheLastGzipMemberAreIgnoredAsPythonsTarfileIgnoresThem() throws IOException {
    Path tgz = sdistTarGz();
    Files.write(tgz, "trailing bytes an upload tool appended\n".getBytes(), java.nio.file.StandardOpenOption.APPEND);
    ArchiveWalker walker = walk(tgz);
    assertThat(walker.findings()).isEmpty();
    assertThat(visited).contains("demo-1.0/setup.py=import os\nos.system('id')\n");
  }

  @Test
  void aTarSplitAcrossTwoGzipMembersIsReadWhole() throws IOException {
    byte[] tar = tarBytes();
    Path tgz = tmp.resolve("members.tar.gz");
    try (OutputStream out = Files.newOutputStream(tgz)) {
      for (byte[] half : new byte[][] {
          java.util.Arrays.copyOfRange(tar, 0, 700), java.util.Arrays.copyOfRange(tar, 700, tar.length)}) {
        ByteArrayOutputStream member = new ByteArrayOutputStream();
        try (OutputStream gzip = new java.util.zip.GZIPOutputStream(member)) {
          gzip.write(half);
        }
        out.write(member.toByteArray());
      }
    }
    assertThat(walk(tgz).findings()).isEmpty();
    assertThat(visited).contains("demo-1.0/setup.py=import os\nos.system('id')\n");
  }

  @Test
  void zeroPaddingAfterTheGzipStreamIsIgnored() throws IOException {
    Path tgz = sdistTarGz();
    Files.write(tgz, new byte[4096], java.nio.file.StandardOpenOption.APPEND);
    assertThat(walk(tgz).findings()).isEmpty();
    assertThat(visited).hasSize(2);
  }

  @Test
  void aGzipStreamCutShortIsStillMalformed() throws IOException {
    byte[] whole = Files.readAllBytes(sdistTarGz());
    Path cut = Files.write(tmp.resolve("cut.tar.gz"), java.util.Arrays.copyOf(whole, whole.length - 12));
    assertThat(walk(cut).findings()).extracting(f -> f.problem())
        .containsAnyOf(ArchiveProblem.MALFORMED, ArchiveProblem.UNREADABLE_ENTRY);
  }

  @Test
  void anUncompressedTarNamedTarGzIsReadFromItsContent() throws IOException {
    Path tar = Files.write(tmp.resolve("demo-1.0.tar.gz"), tarBytes());
    assertThat(walk(tar).findings()).isEmpty();
    assertThat(visited).hasSize(2);
  }

  @Test
  void anOldV7TarWithoutTheUstarMagicIsRecognisedByItsHeaderChecksum() throws IOException {
    byte[] tar = tarBytes();
    // Turn each header into a v7 one: no "ustar" magic or version, checksum recomputed as tar does.
    for (int at = 0; at + 512 <= tar.length; at += 512) {
      if (tar[at + 257] == 'u' && tar[at + 258] == 's') {
        for (int i = 257; i < 265; i++) {
          tar[at + i] = 0;
        }
        for (int i = 148; i < 156; i++) {
          tar[at + i] = ' ';
        }
        int sum = 0;
        for (int i = 0; i < 512; i++) {
          sum += tar[at + i] & 0xff;
        }
        byte[] field = "%06o\0 ".formatted(sum).getBytes();
        System.arraycopy(field, 0, tar, at + 148, 8);
      }
    }
    assertThat(ArchiveFormat.sniff(tar)).contains(ArchiveFormat.TAR);
    Path v7 = Files.write(tmp.resolve("demo-1.0.tar"), tar);
    walk(v7);
    assertThat(visited).contains("demo-1.0/setup.py=import os\nos.system('id')\n");
  }

  @Test
  void anXzCompressedTarIsRead() throws IOException {
    Path txz = tmp.resolve("demo-1.0.tar.xz");
    try (OutputStream out = new XZCompressorOutputStream(Files.newOutputStream(txz))) {
      out.write(tarBytes());
    }
    assertThat(walk(txz).findings()).isEmpty();
    assertThat(visited).hasSize(2);
  }

  @Test
  void aZipWithBytesBeforeItIsReadAsZipReadersReadIt() throws IOException {
    Path zip = ArchiveFixture.create().file("demo-1.0/setup.py", "print(1)\n").zip(tmp.resolve("plain.zip"));
    ByteArrayOutputStream prefixed = new ByteArrayOutputStream();
    prefixed.write("#!/bin/sh\nexit 0\n".getBytes());
    prefixed.write(Files.readAllBytes(zip));
    Path sfx = Files.write(tmp.resolve("demo-1.0.zip"), prefixed.toByteArray());
    assertThat(ArchiveFormat.sniff(sfx)).contains(ArchiveFormat.ZIP);
    assertThat(walk(sfx).findings()).isEmpty();
    assertThat(visited).containsExactly("demo-1.0/setup.py=print(1)\n");
  }

  @Test
  void anSdistWhoseNameSaysGzipButIsAPlainTarStillHasItsSetupScriptAnalyzed() throws IOException {
    Path tar = Files.write(tmp.resolve("demo-1.0.tar.gz"), tarBytes());
    Analysis analysis = new Analyzer(AnalysisLimits.defaults()).analyze(tar, ArtifactKind.SDIST);
    assertThat(analysis.archiveFindings()).isEmpty();
    assertThat(analysis.codeFindings()).anySatisfy(f -> assertThat(f.trigger()).isEqualTo(Trigger.SETUP_SCRIPT));
  }

  @Test
  void textThatIsNoArchiveIsStillMalformed() throws IOException {
    Path text = Files.writeString(tmp.resolve("demo-1.0.tar.gz"), "<html>not found</html>");
    assertThat(walk(text).findings()).singleElement()
        .satisfies(f -> assertThat(f.problem()).isEqualTo(ArchiveProblem.MALFORMED));
  }
}
