package dev.gatehouse.core.store;

import java.io.IOException;
import java.util.Optional;

/**
 * Artifact bytes addressed by their SHA-256. A blob is either wholly present or absent: bytes go through a {@link
 * BlobWriter}, which hashes them, stages them until the caller verified them, and commits them atomically. Nothing
 * partial is ever visible to {@link #find}. The store speaks handles ({@link Blob}) and channels, never paths, so
 * that a store on object storage fits behind the same port.
 *
 * <p>Every {@code sha256} argument must be 64 lowercase hex digits; anything else is an {@link
 * IllegalArgumentException}, because a digest taken from a request must never name a stored object. Thread-safe.
 */
public interface BlobStore {

  /** A new writer for one blob; the caller commits or discards it. */
  BlobWriter writer() throws IOException;

  /** The blob {@code sha256}, or empty when it is not stored. */
  Optional<Blob> find(String sha256) throws IOException;

  boolean contains(String sha256) throws IOException;

  /** Receives one stored digest at a time. */
  @FunctionalInterface
  interface DigestVisitor {
    void visit(String sha256) throws IOException;
  }

  /**
   * Every committed blob's digest, in no particular order: for checking the store ({@code gatehouse verify}),
   * never on a request's path.
   */
  void forEachDigest(DigestVisitor visitor) throws IOException;

  /**
   * Takes the blob {@code sha256} out of the store, so that the next request fetches and verifies it again: a
   * blob whose bytes no longer hash to its name. The store may keep the bytes aside for inspection (a blob
   * changed on disk may be evidence), never where {@link #find} sees them. False when there was none.
   */
  boolean remove(String sha256) throws IOException;
}
