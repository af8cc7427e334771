package dev.gatehouse.core.store;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/**
 * One blob being written: a channel that hashes the bytes (SHA-256) as they pass, and keeps them staged on this
 * node until the caller has verified them (the published digest, the analysis) and {@link #commit commits}, or
 * {@link #discard discards} them. Nothing staged is ever visible to {@link BlobStore#find}. A writer belongs to one
 * thread at a time (the upstream client writes it, then hands it over with the download).
 *
 * <p>Call order: {@code write}* then {@code close}, then {@link #stagedFile()} may be read, then exactly one of
 * {@link #commit} or {@link #discard} ({@code discard} after {@code commit} is harmless).
 */
public interface BlobWriter extends WritableByteChannel {

  /**
   * The staged bytes as a node-local file, for reading before the commit (analysis, a metadata document that is
   * parsed and never committed). It is gone after {@link #commit} or {@link #discard}.
   */
  Path stagedFile();

  /** Bytes written so far. */
  long size();

  /** The SHA-256 of the bytes written, as lowercase hex; only once the writer is closed. */
  String sha256();

  /**
   * Makes the staged bytes the blob {@code sha256}, atomically, after the caller verified them. When the blob
   * already exists the stored one is kept, so committing the same bytes twice is harmless.
   *
   * @param sha256 the digest the caller verified; the writer checks it against the bytes it hashed itself, so bytes
   *     can never be committed under another digest
   * @throws IOException when the bytes hash otherwise (nothing is committed) or the commit fails
   */
  Blob commit(String sha256) throws IOException;

  /** Deletes the staged bytes; harmless after a commit or a discard. */
  void discard() throws IOException;
}
