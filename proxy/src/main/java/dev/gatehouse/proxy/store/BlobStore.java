package dev.gatehouse.proxy.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Artifact bytes addressed by their SHA-256. A blob is either wholly present or absent: bytes are written
 * to a temporary file ({@link #newTempFile()}), hashed and verified by the caller, and only then moved
 * into place by {@link #commit}. Nothing partial is ever visible to {@link #find}.
 *
 * <p>Every {@code sha256} argument must be 64 lowercase hex digits; anything else is an {@link
 * IllegalArgumentException}, because a digest taken from a request must never become a path. Thread-safe.
 */
public interface BlobStore {

  /**
   * A new, empty temporary file for one download, on the same file system as the blobs so that {@link
   * #commit} can rename it atomically. The caller writes it and then either commits or {@link #discard}s it.
   */
  Path newTempFile() throws IOException;

  /**
   * Moves {@code temp} into place as the blob {@code sha256}, atomically. It verifies nothing: the caller
   * already hashed the bytes while writing them. When the blob already exists, {@code temp} is deleted and
   * the stored blob is kept, so committing the same bytes twice is harmless.
   *
   * @param temp a file returned by {@link #newTempFile()} of this store
   */
  void commit(Path temp, String sha256) throws IOException;

  /** Deletes a temporary file that will not be committed (a failed download, a digest mismatch). */
  void discard(Path temp) throws IOException;

  /** The local file holding blob {@code sha256}, for serving, or empty when it is not stored. */
  Optional<Path> find(String sha256) throws IOException;

  boolean contains(String sha256) throws IOException;

  /**
   * The size in bytes of blob {@code sha256}.
   *
   * @throws java.nio.file.NoSuchFileException when it is not stored
   */
  long size(String sha256) throws IOException;
}
