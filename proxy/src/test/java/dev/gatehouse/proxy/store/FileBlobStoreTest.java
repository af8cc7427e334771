package dev.gatehouse.proxy.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlobStoreTest {
  @TempDir Path data;

  @Test
  void committedBlobIsFoundUnderItsDigestAndTheTempFileIsGone() throws IOException {
    FileBlobStore blobs = FileBlobStore.open(data);
    String sha = Samples.sha256("left-pad 1.3.0");
    Path temp = blobs.newTempFile();
    Files.writeString(temp, "left-pad 1.3.0");

    blobs.commit(temp, sha);

    Path blob = blobs.find(sha).orElseThrow();
    assertThat(blob).isEqualTo(data.resolve("blobs/sha256/" + sha.substring(0, 2) + "/" + sha).toAbsolutePath());
    assertThat(blob).hasContent("left-pad 1.3.0");
    assertThat(temp).doesNotExist();
    assertThat(blobs.contains(sha)).isTrue();
    assertThat(blobs.size(sha)).isEqualTo("left-pad 1.3.0".length());
  }

  @Test
  void aDownloadInProgressIsNeverVisibleAsABlob() throws IOException {
    FileBlobStore blobs = FileBlobStore.open(data);
    String sha = Samples.sha256("half a jar");
    Path temp = blobs.newTempFile();
    Files.writeString(temp, "half a");

    assertThat(temp.getParent()).isEqualTo(data.resolve("tmp").toAbsolutePath());
    assertThat(blobs.find(sha)).isEmpty();
    assertThat(blobs.contains(sha)).isFalse();
    try (Stream<Path> underBlobs = Files.walk(data.resolve("blobs"))) {
      assertThat(underBlobs.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void committingTheSameDigestTwiceKeepsTheFirstBlobAndDeletesTheSecondTempFile() throws IOException {
    FileBlobStore blobs = FileBlobStore.open(data);
    String sha = Samples.sha256("same bytes");
    Path first = blobs.newTempFile();
    Files.writeString(first, "same bytes");
    blobs.commit(first, sha);
    Path second = blobs.newTempFile();
    Files.writeString(second, "same bytes");

    blobs.commit(second, sha);

    assertThat(second).doesNotExist();
    assertThat(blobs.find(sha).orElseThrow()).hasContent("same bytes");
  }

  @Test
  void leftoverTempFilesOfAnEarlierRunAreDeletedOnOpen() throws IOException {
    FileBlobStore before = FileBlobStore.open(data);
    Path unfinished = before.newTempFile();
    Files.writeString(unfinished, "the upstream connection dropped here");
    String sha = Samples.sha256("kept");
    Path kept = before.newTempFile();
    Files.writeString(kept, "kept");
    before.commit(kept, sha);

    FileBlobStore after = FileBlobStore.open(data);

    assertThat(unfinished).doesNotExist();
    try (Stream<Path> tmp = Files.list(data.resolve("tmp"))) {
      assertThat(tmp).isEmpty();
    }
    assertThat(after.find(sha).orElseThrow()).hasContent("kept");
  }

  @Test
  void discardDeletesATempFileThatWillNotBeCommitted() throws IOException {
    FileBlobStore blobs = FileBlobStore.open(data);
    Path temp = blobs.newTempFile();
    Files.writeString(temp, "bytes that failed their digest check");

    blobs.discard(temp);

    assertThat(temp).doesNotExist();
  }

  @Test
  void aDigestThatIsNotHexNeverBecomesAPath() throws IOException {
    FileBlobStore blobs = FileBlobStore.open(data);

    assertThatThrownBy(() -> blobs.find("../../../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a lowercase hex SHA-256: ../../../etc/passwd");
    assertThatThrownBy(() -> blobs.contains(Samples.sha256("x").toUpperCase()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFileOutsideTheStoresTempFolderIsNotCommitted() throws IOException {
    FileBlobStore blobs = FileBlobStore.open(data);
    Path elsewhere = Files.writeString(data.resolve("elsewhere.jar"), "bytes");

    assertThatThrownBy(() -> blobs.commit(elsewhere, Samples.sha256("bytes")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a temp file of this blob store");
    assertThat(elsewhere).exists();
  }

  @Test
  void sizeOfAMissingBlobIsAnError() throws IOException {
    FileBlobStore blobs = FileBlobStore.open(data);

    assertThatThrownBy(() -> blobs.size(Samples.sha256("never stored"))).isInstanceOf(NoSuchFileException.class);
  }
}
