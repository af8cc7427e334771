package dev.gatehouse.core.store;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A handle on one committed blob: its digest, its size and a way to read it. Callers outside the store never build
 * a path to a blob; they get a handle from {@link BlobStore#find} or {@link BlobWriter#commit}. Serving looks at the
 * variant: a {@link LocalFile} is sent zero-copy. A store on object storage adds a streamed variant here, and the
 * places that branch on the variant (serving, analysis of a kept blob) say what to do with it.
 */
public sealed interface Blob permits Blob.LocalFile {
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
}
