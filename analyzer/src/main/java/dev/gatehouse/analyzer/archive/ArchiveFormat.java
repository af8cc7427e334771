package dev.gatehouse.analyzer.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** How an archive's bytes are laid out, recognised from its first bytes rather than its name. */
public enum ArchiveFormat {
  /** zip, jar, war, wheel, zipped sdist. */
  ZIP,
  /** gzip-compressed tar: npm tarballs, most sdists. */
  TAR_GZ,
  /** bzip2-compressed tar: old sdists. */
  TAR_BZ2,
  /** uncompressed tar. */
  TAR;

  /** The format whose signature starts {@code head}, or empty for anything else. */
  public static Optional<ArchiveFormat> sniff(byte[] head) {
    if (head.length >= 4 && head[0] == 'P' && head[1] == 'K'
        && (head[2] == 3 || head[2] == 5 || head[2] == 7) && (head[3] == 4 || head[3] == 6 || head[3] == 8)) {
      return Optional.of(ZIP);
    }
    if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return Optional.of(TAR_GZ);
    }
    if (head.length >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
      return Optional.of(TAR_BZ2);
    }
    // POSIX and GNU tar put "ustar" at offset 257 of the first header.
    if (head.length >= 262 && head[257] == 'u' && head[258] == 's' && head[259] == 't'
        && head[260] == 'a' && head[261] == 'r') {
      return Optional.of(TAR);
    }
    return Optional.empty();
  }

  /** Reads the first bytes of {@code file} and {@link #sniff(byte[]) sniffs} them. */
  public static Optional<ArchiveFormat> sniff(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return sniff(in.readNBytes(512));
    }
  }
}
