package dev.gatehouse.analyzer.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gatehouse.analyzer.Analysis;
import dev.gatehouse.analyzer.AnalysisLimits;
import dev.gatehouse.analyzer.Analyzer;
import dev.gatehouse.analyzer.ArtifactKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The analyzer on arbitrary bytes read as each kind of artifact: whatever the bytes, it returns an analysis (a
 * broken archive is a finding), within its budgets, and never throws. In every build the committed inputs under
 * {@code src/test/resources/.../ArtifactFuzzTestInputs/} replay; {@code JAZZER_FUZZ=1 mvn test -pl analyzer
 * -Dtest=ArtifactFuzzTest#jar} fuzzes one target (see docs/fuzzing.md).
 */
class ArtifactFuzzTest {
  private static final Analyzer ANALYZER = new Analyzer(AnalysisLimits.defaults());

  private static void analyze(byte[] bytes, ArtifactKind kind, String suffix) {
    Path file = null;
    try {
      file = Files.createTempFile("fuzz-", suffix);
      Files.write(file, bytes);
      Analysis analysis = ANALYZER.analyze(file, kind);
      assertThat(analysis.sha256()).hasSize(64);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // a temp file; the OS cleans it
        }
      }
    }
  }

  @FuzzTest(maxDuration = "10m")
  void jar(byte[] bytes) {
    analyze(bytes, ArtifactKind.JAR, ".jar");
  }

  @FuzzTest(maxDuration = "10m")
  void npmTarball(byte[] bytes) {
    analyze(bytes, ArtifactKind.NPM_TARBALL, ".tgz");
  }

  @FuzzTest(maxDuration = "10m")
  void wheel(byte[] bytes) {
    analyze(bytes, ArtifactKind.WHEEL, ".whl");
  }

  @FuzzTest(maxDuration = "10m")
  void sdist(byte[] bytes) {
    analyze(bytes, ArtifactKind.SDIST, ".tar.gz");
  }
}
