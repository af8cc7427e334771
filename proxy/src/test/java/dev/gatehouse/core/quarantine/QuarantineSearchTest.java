package dev.gatehouse.core.quarantine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.quarantine.QuarantineEntry.Status;
import dev.gatehouse.core.store.Database;
import dev.gatehouse.core.store.Samples;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.policy.Verdict;
import dev.gatehouse.proxy.testing.TestClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queue's filters in the web UI: status, ecosystem and a part of the package name. */
class QuarantineSearchTest {
  private static final Verdict HELD = Verdict.quarantine("install-script", List.of("postinstall reaches the network"));

  @TempDir Path data;
  private Database db;
  private Quarantine quarantine;

  @BeforeEach
  void open() throws IOException {
    db = Database.openSqlite(data);
    quarantine = new Quarantine(db, TestClock.ticking(Instant.parse("2026-03-02T09:00:00Z"), Duration.ofMinutes(1)));
  }

  @AfterEach
  void close() throws IOException {
    db.close();
  }

  @Test
  void filtersCombineAndListNewestFirst() throws IOException {
    QuarantineEntry oldLeft = hold(Samples.npm("Left-Pad", "1.0.0"));
    QuarantineEntry newLeft = hold(Samples.npm("left-pad", "1.1.0"));
    QuarantineEntry mavenLeft = hold(Samples.maven("org.example:left-pad", "2.0"));
    hold(Samples.npm("right-pad", "1.0.0"));
    quarantine.reject(oldLeft.id(), "ann", "same file as the last bad one", Instant.parse("2026-03-02T10:00:00Z"));

    assertThat(ids(Optional.empty(), Optional.of(Ecosystem.NPM), Optional.of("LEFT")))
        .containsExactly(newLeft.id(), oldLeft.id());
    assertThat(ids(Optional.of(Status.PENDING), Optional.empty(), Optional.of("left-")))
        .containsExactly(mavenLeft.id(), newLeft.id());
    assertThat(ids(Optional.of(Status.REJECTED), Optional.empty(), Optional.empty())).containsExactly(oldLeft.id());
  }

  @Test
  void likeWildcardsInTheFilterAreMatchedLiterally() throws IOException {
    hold(Samples.npm("left-pad", "1.0.0"));
    QuarantineEntry underscore = hold(Samples.npm("left_pad", "1.0.0"));

    assertThat(ids(Optional.empty(), Optional.empty(), Optional.of("t_p"))).containsExactly(underscore.id());
    assertThat(ids(Optional.empty(), Optional.empty(), Optional.of("%"))).isEmpty();
  }

  @Test
  void aFilterLongerThanAnyPackageNameIsRefused() {
    assertThatThrownBy(() -> ids(Optional.empty(), Optional.empty(), Optional.of("a".repeat(301))))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("the package filter is longer than 300 characters");
  }

  private QuarantineEntry hold(PackageRef ref) throws IOException {
    String sha = Samples.sha256(ref.toString());
    return quarantine.open(ref, sha, Samples.exfiltratingTarball(sha), HELD, "fp");
  }

  private List<String> ids(Optional<Status> status, Optional<Ecosystem> ecosystem, Optional<String> name)
      throws IOException {
    return quarantine.search(status, ecosystem, name, 100, 0).stream().map(QuarantineEntry::id).toList();
  }
}
