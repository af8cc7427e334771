package dev.gatehouse.proxy.store;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BlobStore} in the data directory: blob {@code abcdef…} is the file {@code
 * blobs/sha256/ab/abcdef…}, and downloads in progress live in {@code tmp/} beside it, on the same file
 * system, so that a commit is one atomic rename.
 *
 * <p>One process owns a data directory: {@link #open} deletes whatever is left in {@code tmp/}, which
 * can only be downloads that a stopped or crashed process never finished.
 */
public final class FileBlobStore implements BlobStore {
  private static final Logger log = LoggerFactory.getLogger(FileBlobStore.class);

  private final Path blobs;
  private final Path tmp;

  private FileBlobStore(Path blobs, Path tmp) {
    this.blobs = blobs;
    this.tmp = tmp;
  }

  /** Opens (creating when needed) the blob store under {@code dataDir} and clears its leftover temp files. */
  public static FileBlobStore open(Path dataDir) throws IOException {
    requireNonNull(dataDir, "dataDir");
    Path root = dataDir.toAbsolutePath().normalize();
    Path blobs = Files.createDirectories(root.resolve("blobs").resolve("sha256"));
    Path tmp = Files.createDirectories(root.resolve("tmp"));
    int removed = clear(tmp);
    if (removed > 0) {
      log.info("removed {} unfinished download(s) from {}", removed, tmp);
    }
    return new FileBlobStore(blobs, tmp);
  }

  @Override
  public Path newTempFile() throws IOException {
    return Files.createTempFile(tmp, "download-", ".part");
  }

  @Override
  public void commit(Path temp, String sha256) throws IOException {
    Path source = ownTemp(temp);
    Path target = pathOf(sha256);
    if (Files.exists(target)) {
      Files.deleteIfExists(source);
      return;
    }
    // Without this, a crash soon after the rename can leave a named but empty or short file on some
    // file systems (ext4 delayed allocation): a partial blob that looks committed.
    try (FileChannel channel = FileChannel.open(source, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Files.createDirectories(target.getParent());
    try {
      // On POSIX a concurrent commit of the same digest just replaces identical bytes; elsewhere the
      // second rename fails, and the blob that won is just as good.
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException sameBytesCommittedConcurrently) {
      Files.deleteIfExists(source);
    }
  }

  @Override
  public void discard(Path temp) throws IOException {
    Files.deleteIfExists(ownTemp(temp));
  }

  @Override
  public Optional<Path> find(String sha256) throws IOException {
    Path path = pathOf(sha256);
    return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
  }

  @Override
  public boolean contains(String sha256) throws IOException {
    return Files.isRegularFile(pathOf(sha256));
  }

  @Override
  public long size(String sha256) throws IOException {
    return Files.size(pathOf(sha256));
  }

  private Path pathOf(String sha256) {
    Sha256.require(sha256);
    return blobs.resolve(sha256.substring(0, 2)).resolve(sha256);
  }

  /** A temp file from elsewhere might sit on another file system, where a rename is a copy, not atomic. */
  private Path ownTemp(Path temp) {
    requireNonNull(temp, "temp");
    Path normalized = temp.toAbsolutePath().normalize();
    if (!tmp.equals(normalized.getParent())) {
      throw new IllegalArgumentException("not a temp file of this blob store (" + tmp + "): " + temp);
    }
    return normalized;
  }

  private static int clear(Path dir) throws IOException {
    int removed = 0;
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir)) {
      for (Path leftover : leftovers) {
        if (Files.isRegularFile(leftover) && Files.deleteIfExists(leftover)) {
          removed++;
        }
      }
    }
    return removed;
  }
}
