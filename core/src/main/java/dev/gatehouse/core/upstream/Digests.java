package dev.gatehouse.core.upstream;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The digests Gatehouse keeps of every artifact, as lowercase hex: SHA-1 (Maven's {@code .sha1}), SHA-256
 * (the blob's key and {@code ETag}), SHA-512 (npm's {@code integrity}) and MD5 (Maven's legacy {@code .md5},
 * answered but never trusted for verification).
 */
public record Digests(String md5, String sha1, String sha256, String sha512) {
  public Digests {
    hex("md5", md5, 32);
    hex("sha1", sha1, 40);
    hex("sha256", sha256, 64);
    hex("sha512", sha512, 128);
  }

  /** The digest named by a Maven checksum suffix ({@code md5}, {@code sha1}, {@code sha256}, {@code sha512}). */
  public Optional<String> byAlgorithm(String algorithm) {
    return switch (algorithm.toLowerCase(Locale.ROOT)) {
      case "md5" -> Optional.of(md5);
      case "sha1" -> Optional.of(sha1);
      case "sha256" -> Optional.of(sha256);
      case "sha512" -> Optional.of(sha512);
      default -> Optional.empty();
    };
  }

  /** Hashes {@code file} (blocking; reads it once). */
  public static Digests of(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return of(in);
    }
  }

  /** Hashes what {@code in} holds (blocking; reads it to the end, does not close it). */
  public static Digests of(InputStream in) throws IOException {
    Hasher hasher = new Hasher();
    byte[] buffer = new byte[64 * 1024];
    int n;
    while ((n = in.read(buffer)) > 0) {
      hasher.update(ByteBuffer.wrap(buffer, 0, n));
    }
    return hasher.digests();
  }

  public static Digests of(byte[] bytes) {
    Hasher hasher = new Hasher();
    hasher.update(ByteBuffer.wrap(bytes));
    return hasher.digests();
  }

  private static void hex(String name, String value, int length) {
    requireNonNull(value, name);
    if (value.length() != length || !value.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      throw new IllegalArgumentException("not a lowercase hex " + name + ": " + value);
    }
  }

  /** Feeds all four digests from the same bytes as they stream past. Not thread-safe. */
  static final class Hasher {
    private final MessageDigest md5 = digest("MD5");
    private final MessageDigest sha1 = digest("SHA-1");
    private final MessageDigest sha256 = digest("SHA-256");
    private final MessageDigest sha512 = digest("SHA-512");

    void update(ByteBuffer bytes) {
      md5.update(bytes.duplicate());
      sha1.update(bytes.duplicate());
      sha256.update(bytes.duplicate());
      sha512.update(bytes.duplicate());
    }

    Digests digests() {
      HexFormat hex = HexFormat.of();
      return new Digests(hex.formatHex(md5.digest()), hex.formatHex(sha1.digest()),
          hex.formatHex(sha256.digest()), hex.formatHex(sha512.digest()));
    }

    private static MessageDigest digest(String algorithm) {
      try {
        return MessageDigest.getInstance(algorithm);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java runtime has " + algorithm, e);
      }
    }
  }
}
