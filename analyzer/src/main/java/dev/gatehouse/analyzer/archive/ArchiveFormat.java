package dev.gatehouse.analyzer.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How an archive's bytes are laid out, recognised from its content rather than its name, as Python's
 * {@code tarfile.open} does (it tries gzip, bzip2, xz and plain tar whatever the file is called) and as
 * zip readers do (they find the end-of-directory record, so bytes before the zip are allowed).
 */
public enum ArchiveFormat {
  /** zip, jar, war, wheel, zipped sdist. */
  ZIP,
  /** gzip-compressed tar: npm tarballs, most sdists. */
  TAR_GZ,
  /** bzip2-compressed tar: old sdists. */
  TAR_BZ2,
  /** xz-compressed tar: sdists built with {@code --formats=xztar}. */
  TAR_XZ,
  /** uncompressed tar, POSIX, GNU or the old v7 layout. */
  TAR;

  /**
   * The format whose signature starts {@code head}, or empty for anything else. A zip with bytes before
   * it is only recognised from the whole file ({@link #sniff(Path)}).
   */
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
    if (head.length >= 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z' && head[3] == 'X'
        && head[4] == 'Z' && head[5] == 0) {
      return Optional.of(TAR_XZ);
    }
    // POSIX and GNU tar put "ustar" at offset 257 of the first header.
    if (head.length >= 262 && head[257] == 'u' && head[258] == 's' && head[259] == 't'
        && head[260] == 'a' && head[261] == 'r') {
      return Optional.of(TAR);
    }
    if (isTarHeader(head)) {
      return Optional.of(TAR); // v7 tar has no magic: Python's tarfile trusts the header's checksum
    }
    return Optional.empty();
  }

  /** Reads the first bytes of {@code file} and {@link #sniff(byte[]) sniffs} them, then looks for a zip's end. */
  public static Optional<ArchiveFormat> sniff(Path file) throws IOException {
    Optional<ArchiveFormat> format;
    try (InputStream in = Files.newInputStream(file)) {
      format = sniff(in.readNBytes(512));
    }
    if (format.isPresent()) {
      return format;
    }
    return CentralDirectory.read(file, entry -> false).isPresent() ? Optional.of(ZIP) : Optional.empty();
  }

  /**
   * True when {@code head} is a tar header whose checksum (bytes 148 to 155, octal) equals the sum of its
   * bytes with that field read as spaces, signed or unsigned, as Python's {@code tarfile} accepts.
   */
  private static boolean isTarHeader(byte[] head) {
    if (head.length < 512 || head[0] == 0) {
      return false;
    }
    String field = new String(head, 148, 8, java.nio.charset.StandardCharsets.ISO_8859_1)
        .replace('\0', ' ').strip();
    if (field.isEmpty() || !field.chars().allMatch(c -> c >= '0' && c <= '7')) {
      return false;
    }
    long declared = Long.parseLong(field, 8);
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < 512; i++) {
      int b = i >= 148 && i < 156 ? ' ' : head[i];
      unsigned += b & 0xff;
      signed += b;
    }
    return declared == unsigned || declared == signed;
  }
}
