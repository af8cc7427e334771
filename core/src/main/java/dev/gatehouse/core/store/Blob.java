package dev.gatehouse.core.store;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A handle on one committed blob: its digest, its size and a way to read it. Callers outside the store never build
 * a path to a blob; they get a handle from {@link BlobStore#find} or {@link BlobWriter#commit}. Serving looks at the
 * variant: a {@link LocalFile} is sent zero-copy, a {@link Streamed} one (object storage) is copied from its stream;
 * analysis of a kept blob reads a local file, so a streamed blob is staged on this node first.
 */
public sealed interface Blob permits Blob.LocalFile, Blob.Streamed {
  String sha256();

  long size();

  /** The bytes from the first; the caller closes the stream. */
  InputStream open() throws IOException;

  /** A blob kept as a file on a local file system. */
  record LocalFile(String sha256, long size, Path file) implements Blob {
    public LocalFile {
      Sha256.require(sha256);
      requireNonNull(file, "file");
      if (size < 0) {
        throw new IllegalArgumentException("negative blob size " + size);
      }
    }

    @Override
    public InputStream open() throws IOException {
      return Files.newInputStream(file);
    }
  }

  /** Opens the bytes of a {@link Streamed} blob, from the first; each call a new stream. */
  @FunctionalInterface
  interface Source {
    InputStream open() throws IOException;
  }

  /** A blob read as a stream, such as an object in S3-compatible storage. */
  record Streamed(String sha256, long size, Source source) implements Blob {
    public Streamed {
      Sha256.require(sha256);
      requireNonNull(source, "source");
      if (size < 0) {
        throw new IllegalArgumentException("negative blob size " + size);
      }
    }

    @Override
    public InputStream open() throws IOException {
      return source.open();
    }
  }
}
