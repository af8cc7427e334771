package dev.gatehouse.core.store;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node-local scratch files, such as a packument being rewritten for one response: never committed, never shared
 * with another Gatehouse node, so they stay out of the blob store (which a later issue moves to shared object
 * storage). Lives in {@code DATA/scratch/}, which {@link #open} clears: whatever is there is a leftover of this
 * node's previous run. Thread-safe.
 */
public final class ScratchSpace {
  private static final Logger log = LoggerFactory.getLogger(ScratchSpace.class);

  private final Path dir;

  private ScratchSpace(Path dir) {
    this.dir = requireNonNull(dir, "dir");
  }

  /** The scratch folder of the data directory {@code dataDir}, emptied. */
  public static ScratchSpace open(Path dataDir) throws IOException {
    Path dir = Files.createDirectories(dataDir.resolve("scratch"));
    int removed = 0;
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir)) {
      for (Path leftover : leftovers) {
        if (Files.isRegularFile(leftover) && Files.deleteIfExists(leftover)) {
          removed++;
        }
      }
    }
    if (removed > 0) {
      log.info("removed {} scratch file(s) left by the previous run from {}", removed, dir);
    }
    return new ScratchSpace(dir);
  }

  /** The folder itself, for code outside the proxy (the analyzer's nested-archive copies) that makes its own files. */
  public Path directory() {
    return dir;
  }

  /** A new, empty file; the caller deletes it when done. */
  public Path newFile() throws IOException {
    return Files.createTempFile(dir, "scratch-", ".tmp");
  }

  /**
   * Moves {@code file} (such as a staged download that is read, never committed) into the scratch space and returns
   * its new name; the caller deletes it when done. A rename when both sit on one file system.
   */
  public Path keep(Path file) throws IOException {
    return Files.move(file, Files.createTempFile(dir, "kept-", ".tmp"), StandardCopyOption.REPLACE_EXISTING);
  }
}
