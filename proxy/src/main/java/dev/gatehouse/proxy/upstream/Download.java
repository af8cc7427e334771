package dev.gatehouse.proxy.upstream;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A complete upstream body in a temp file, with its digests computed while it streamed in. Whoever holds a
 * {@code Download} either commits the file to the blob store or {@link #discard()}s it.
 *
 * @param file the temp file; nobody else reads it until it is committed
 * @param digests SHA-1, SHA-256 and SHA-512 of exactly the bytes in {@code file}
 * @param lastModified the upstream's {@code Last-Modified}, when it sent one
 */
public record Download(URI source, Path file, long size, Digests digests, Optional<Instant> lastModified) {
  public Download {
    requireNonNull(source, "source");
    requireNonNull(file, "file");
    requireNonNull(digests, "digests");
    lastModified = lastModified == null ? Optional.empty() : lastModified;
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size);
    }
  }

  public String sha256() {
    return digests.sha256();
  }

  /** Deletes the temp file; harmless when it was already moved or deleted. */
  public void discard() throws IOException {
    Files.deleteIfExists(file);
  }
}
