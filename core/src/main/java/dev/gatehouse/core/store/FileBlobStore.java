package dev.gatehouse.core.store;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BlobStore} in the data directory: blob {@code abcdef…} is the file {@code blobs/sha256/ab/abcdef…}, and
 * blobs being written are staged in {@code tmp/} beside it, on the same file system, so that a commit is one atomic
 * rename.
 *
 * <p>Several processes may share a data directory (a restart overlapping the old process, or nodes on one shared
 * volume), so {@link #open} deletes only staged files that look like its own ({@code blob-*.part}) and have not been
 * written for longer than {@code staleAfter}: a writer that is still alive touches its file far more often, since
 * the upstream client gives up after {@code upstreams.readTimeout} of silence.
 */
public final class FileBlobStore implements BlobStore {
  /** Far beyond any read timeout and analysis time, so a live writer of another process is never touched. */
  public static final Duration STALE_AFTER = Duration.ofHours(6);

  private static final Logger log = LoggerFactory.getLogger(FileBlobStore.class);
  private static final String PREFIX = "blob-";
  private static final String SUFFIX = ".part";

  private final Path blobs;
  private final Path tmp;

  private FileBlobStore(Path blobs, Path tmp) {
    this.blobs = blobs;
    this.tmp = tmp;
  }

  /** Opens (creating when needed) the blob store under {@code dataDir}; removes staged files older than {@link #STALE_AFTER}. */
  public static FileBlobStore open(Path dataDir) throws IOException {
    return open(dataDir, STALE_AFTER);
  }

  /** Opens the blob store under {@code dataDir}; removes its staged files not written for {@code staleAfter}. */
  public static FileBlobStore open(Path dataDir, Duration staleAfter) throws IOException {
    requireNonNull(dataDir, "dataDir");
    requireNonNull(staleAfter, "staleAfter");
    Path root = dataDir.toAbsolutePath().normalize();
    Path blobs = Files.createDirectories(root.resolve("blobs").resolve("sha256"));
    Path tmp = Files.createDirectories(root.resolve("tmp"));
    // File times are wall-clock times, so they are compared with the wall clock, not with an injected clock.
    int removed = removeStale(tmp, Instant.now().minus(staleAfter));
    if (removed > 0) {
      log.info("removed {} staged blob(s) not written since {} ago from {}", removed, staleAfter, tmp);
    }
    return new FileBlobStore(blobs, tmp);
  }

  @Override
  public BlobWriter writer() throws IOException {
    return new Writer(Files.createTempFile(tmp, PREFIX, SUFFIX));
  }

  @Override
  public Optional<Blob> find(String sha256) throws IOException {
    Path path = pathOf(sha256);
    try {
      return Optional.of(new Blob.LocalFile(sha256, Files.size(path), path));
    } catch (NoSuchFileException absent) {
      return Optional.empty();
    }
  }

  @Override
  public boolean contains(String sha256) throws IOException {
    return Files.isRegularFile(pathOf(sha256));
  }

  @Override
  public void forEachDigest(DigestVisitor visitor) throws IOException {
    try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(blobs, Files::isDirectory)) {
      for (Path prefix : prefixes) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(prefix)) {
          for (Path file : files) {
            String name = file.getFileName().toString();
            if (Sha256.isValid(name) && name.startsWith(prefix.getFileName().toString())
                && Files.isRegularFile(file)) {
              visitor.visit(name);
            }
          }
        }
      }
    }
  }

  /** Moves the blob to {@code removed/} beside {@code blobs/}, named by its digest and the time it was removed. */
  @Override
  public boolean remove(String sha256) throws IOException {
    Path path = pathOf(sha256);
    if (!Files.isRegularFile(path)) {
      return false;
    }
    Path aside = Files.createDirectories(blobs.getParent().getParent().resolve("removed"))
        .resolve(sha256 + "-" + Instant.now().toEpochMilli());
    try {
      Files.move(path, aside, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException removedMeanwhile) {
      return false;
    }
    return true;
  }

  private Path pathOf(String sha256) {
    Sha256.require(sha256);
    return blobs.resolve(sha256.substring(0, 2)).resolve(sha256);
  }

  private static int removeStale(Path dir, Instant before) throws IOException {
    int removed = 0;
    try (DirectoryStream<Path> staged = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
      for (Path file : staged) {
        try {
          if (Files.isRegularFile(file) && Files.getLastModifiedTime(file).toInstant().isBefore(before)
              && Files.deleteIfExists(file)) {
            removed++;
          }
        } catch (NoSuchFileException committedOrDiscardedMeanwhile) {
          // another process finished with it while we looked
        }
      }
    }
    return removed;
  }

  /** Stages into one file of {@code tmp/}, hashing what passes. */
  private final class Writer implements BlobWriter {
    private final Path staged;
    private final FileChannel out;
    private final MessageDigest digest;
    private long size;
    private String sha256;

    Writer(Path staged) throws IOException {
      this.staged = staged;
      this.out = FileChannel.open(staged, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
      try {
        this.digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java platform has SHA-256", e);
      }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      ByteBuffer passed = src.duplicate();
      int written = out.write(src);
      passed.limit(passed.position() + written);
      digest.update(passed);
      size += written;
      return written;
    }

    @Override
    public boolean isOpen() {
      return out.isOpen();
    }

    @Override
    public void close() throws IOException {
      if (out.isOpen()) {
        // Without this, a crash soon after the rename can leave a named but empty or short file on some file
        // systems (ext4 delayed allocation): a partial blob that looks committed.
        out.force(true);
        out.close();
        sha256 = HexFormat.of().formatHex(digest.digest());
      }
    }

    @Override
    public Path stagedFile() {
      return staged;
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public String sha256() {
      if (sha256 == null) {
        throw new IllegalStateException("the digest of a blob is known once its writer is closed");
      }
      return sha256;
    }

    @Override
    public Blob commit(String expected) throws IOException {
      Sha256.require(expected);
      close();
      if (!sha256.equals(expected)) {
        discard();
        throw new IOException("the staged bytes hash to %s, not %s; nothing was committed".formatted(sha256, expected));
      }
      Path target = pathOf(expected);
      if (Files.exists(target)) {
        Files.deleteIfExists(staged);
        return new Blob.LocalFile(expected, size, target);
      }
      Files.createDirectories(target.getParent());
      try {
        // On POSIX a concurrent commit of the same digest just replaces identical bytes; elsewhere the second
        // rename fails, and the blob that won is just as good.
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException sameBytesCommittedConcurrently) {
        Files.deleteIfExists(staged);
      }
      return new Blob.LocalFile(expected, size, target);
    }

    @Override
    public void discard() throws IOException {
      try {
        out.close();
      } finally {
        Files.deleteIfExists(staged);
      }
    }
  }
}
