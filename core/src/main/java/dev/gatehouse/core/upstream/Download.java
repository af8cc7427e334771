package dev.gatehouse.core.upstream;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.store.Blob;
import dev.gatehouse.core.store.BlobWriter;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A complete upstream body staged in a blob writer, with its digests computed while it streamed in. Whoever holds a
 * {@code Download} either {@link #commit() commits} it to the blob store after verifying it, or {@link #discard()}s
 * it.
 *
 * @param staged the closed writer holding the bytes; nobody else reads them until they are committed
 * @param digests SHA-1, SHA-256 and SHA-512 of exactly the bytes in {@code file}
 * @param lastModified the upstream's {@code Last-Modified}, when it sent one
 */
public record Download(URI source, BlobWriter staged, long size, Digests digests, Optional<Instant> lastModified) {
  public Download {
    requireNonNull(source, "source");
    requireNonNull(staged, "staged");
    requireNonNull(digests, "digests");
    lastModified = lastModified == null ? Optional.empty() : lastModified;
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size);
    }
  }

  public String sha256() {
    return digests.sha256();
  }

  /** The staged bytes as a node-local file, for reading before a commit; gone after the commit or discard. */
  public Path file() {
    return staged.stagedFile();
  }

  /** Commits the bytes as a blob; call only once they are verified. */
  public Blob commit() throws IOException {
    return staged.commit(sha256());
  }

  /** Deletes the staged bytes; harmless when they were already committed or discarded. */
  public void discard() throws IOException {
    staged.discard();
  }
}
