package dev.gatehouse.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.analyzer.Analysis;
import dev.gatehouse.analyzer.ArtifactKind;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalysisStoreTest {
  @TempDir Path data;
  private Database db;
  private AnalysisStore analyses;

  @BeforeEach
  void open() throws IOException {
    db = Database.openSqlite(data);
    analyses = new AnalysisStore(db, Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC));
  }

  @AfterEach
  void close() throws IOException {
    db.close();
  }

  @Test
  void anAnalysisIsFoundByItsDigestAndAnalyzerVersionOnly() throws IOException {
    String sha = Samples.sha256("evil-1.0.0.tgz");
    Analysis analysis = Samples.exfiltratingTarball(sha);

    analyses.put(analysis);

    assertThat(analyses.find(sha, 1)).contains(analysis);
    assertThat(analyses.find(sha, 2)).isEmpty();
    assertThat(analyses.find(Samples.sha256("other"), 1)).isEmpty();
  }

  @Test
  void storingTheSameKeyAgainReplacesTheAnalysis() throws IOException {
    String sha = Samples.sha256("flaky");
    analyses.put(Samples.exfiltratingTarball(sha));
    Analysis clean = new Analysis(sha, 1, ArtifactKind.NPM_TARBALL, List.of());

    analyses.put(clean);

    assertThat(analyses.find(sha, 1)).contains(clean);
  }

  @Test
  void latestIsTheAnalysisOfTheNewestAnalyzer() throws IOException {
    String sha = Samples.sha256("guava.jar");
    Analysis v1 = new Analysis(sha, 1, ArtifactKind.JAR, List.of());
    Analysis v2 = new Analysis(sha, 2, ArtifactKind.JAR, Samples.exfiltratingTarball(sha).findings());
    analyses.put(v2);
    analyses.put(v1);

    assertThat(analyses.latest(sha)).contains(v2);
  }
}
