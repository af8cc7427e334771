package dev.gatehouse.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlobStoreTest {
  @TempDir Path data;

  @Test
  void committedBlobIsFoundUnderItsDigestAndTheStagedFileIsGone() throws IOException {
    FileBlobStore blobs = FileBlobStore.open(data);
    String sha = Samples.sha256("left-pad 1.3.0");
    BlobWriter writer = Samples.write(blobs, "left-pad 1.3.0");
    Path staged = writer.stagedFile();

    Blob committed = writer.commit(sha);

    Blob found = blobs.find(sha).orElseThrow();
    assertThat(found).isEqualTo(committed);
    assertThat(found.size()).isEqualTo("left-pad 1.3.0".length());
    assertThat(((Blob.LocalFile) found).file())
        .isEqualTo(data.resolve("blobs/sha256/" + sha.substring(0, 2) + "/" + sha).toAbsolutePath())
        .hasContent("left-pad 1.3.0");
    try (InputStream in = found.open()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("left-pad 1.3.0");
    }
    assertThat(staged).doesNotExist();
    assertThat(blobs.contains(sha)).isTrue();
  }

  @Test
  void theWriterHashesWhatPassesThroughIt() throws IOException {
    FileBlobStore blobs = FileBlobStore.open(data);

    BlobWriter writer = Samples.write(blobs, "a tarball");

    assertThat(writer.sha256()).isEqualTo(Samples.sha256("a tarball"));
    assertThat(writer.size()).isEqualTo("a tarball".length());
    assertThat(writer.stagedFile()).hasContent("a tarball");
  }

  @Test
  void bytesAreNeverCommittedUnderADigestTheyDoNotHave() throws IOException {
    FileBlobStore blobs = FileBlobStore.open(data);
    BlobWriter writer = Samples.write(blobs, "what the upstream really sent");
    String claimed = Samples.sha256("what the registry publishes");

    assertThatThrownBy(() -> writer.commit(claimed))
        .isInstanceOf(IOException.class)
        .hasMessage("the staged bytes hash to %s, not %s; nothing was committed",
            Samples.sha256("what the upstream really sent"), claimed);
    assertThat(blobs.contains(claimed)).isFalse();
    assertThat(writer.stagedFile()).doesNotExist();
  }

  @Test
  void aBlobBeingWrittenIsNeverVisible() throws IOException {
    FileBlobStore blobs = FileBlobStore.open(data);
    String sha = Samples.sha256("half a jar");
    BlobWriter writer = Samples.write(blobs, "half a jar");

    assertThat(writer.stagedFile().getParent()).isEqualTo(data.resolve("tmp").toAbsolutePath());
    assertThat(blobs.find(sha)).isEmpty();
    assertThat(blobs.contains(sha)).isFalse();
    try (Stream<Path> underBlobs = Files.walk(data.resolve("blobs"))) {
      assertThat(underBlobs.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void committingTheSameDigestTwiceKeepsTheFirstBlobAndDeletesTheSecondStagedFile() throws IOException {
    FileBlobStore blobs = FileBlobStore.open(data);
    String sha = Samples.sha256("same bytes");
    Samples.write(blobs, "same bytes").commit(sha);
    BlobWriter second = Samples.write(blobs, "same bytes");

    second.commit(sha);

    assertThat(second.stagedFile()).doesNotExist();
    assertThat(((Blob.LocalFile) blobs.find(sha).orElseThrow()).file()).hasContent("same bytes");
  }

  @Test
  void openingRemovesOnlyStagedFilesThatNobodyWroteForLongerThanTheBound() throws IOException {
    FileBlobStore before = FileBlobStore.open(data);
    BlobWriter abandoned = Samples.write(before, "the upstream connection dropped here");
    Files.setLastModifiedTime(abandoned.stagedFile(), FileTime.from(Instant.now().minus(Duration.ofHours(7))));
    BlobWriter live = Samples.write(before, "another process is still downloading this");
    Path foreign = Files.writeString(data.resolve("tmp/not-ours.bin"), "someone else's file");
    Files.setLastModifiedTime(foreign, FileTime.from(Instant.now().minus(Duration.ofDays(30))));
    String sha = Samples.sha256("kept");
    Samples.write(before, "kept").commit(sha);

    FileBlobStore after = FileBlobStore.open(data, Duration.ofHours(6));

    assertThat(abandoned.stagedFile()).doesNotExist();
    assertThat(live.stagedFile()).hasContent("another process is still downloading this");
    assertThat(foreign).exists();
    assertThat(after.find(sha)).isPresent();
    live.commit(live.sha256()); // the other writer finishes after the second store opened
    assertThat(after.contains(live.sha256())).isTrue();
  }

  @Test
  void discardDeletesStagedBytesThatWillNotBeCommittedAndIsHarmlessAfterACommit() throws IOException {
    FileBlobStore blobs = FileBlobStore.open(data);
    BlobWriter refused = Samples.write(blobs, "bytes that failed their digest check");
    BlobWriter committed = Samples.write(blobs, "bytes that passed");
    committed.commit(committed.sha256());

    refused.discard();
    committed.discard();

    assertThat(refused.stagedFile()).doesNotExist();
    assertThat(blobs.contains(committed.sha256())).isTrue();
  }

  @Test
  void aDigestThatIsNotHexNeverBecomesAPath() throws IOException {
    FileBlobStore blobs = FileBlobStore.open(data);

    assertThatThrownBy(() -> blobs.find("../../../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a lowercase hex SHA-256: ../../../etc/passwd");
    assertThatThrownBy(() -> blobs.contains(Samples.sha256("x").toUpperCase()))
        .isInstanceOf(IllegalArgumentException.class);
    BlobWriter writer = Samples.write(blobs, "x");
    assertThatThrownBy(() -> writer.commit("../x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMissingBlobIsEmpty() throws IOException {
    FileBlobStore blobs = FileBlobStore.open(data);

    assertThat(blobs.find(Samples.sha256("never stored"))).isEmpty();
  }
}
