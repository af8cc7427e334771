package dev.gatehouse.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The canonical text form of policy content and of finding sets, and its SHA-256. Policy versions and
 * approval fingerprints are digests of this form, so it must never depend on map order, file layout,
 * comments or the platform.
 */
final class Canonical {
  private Canonical() {}

  /** {@code text} in double quotes with backslash, quote and line breaks escaped, so one value stays one line. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }

  /**
   * The SHA-256 of {@code items}, each prefixed with its length so that no two different lists (such as
   * {@code ["a\nb"]} and {@code ["a", "b"]}) digest alike.
   */
  static String digest(List<String> items) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    for (String item : items) {
      byte[] bytes = item.getBytes(StandardCharsets.UTF_8);
      sha256.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
      sha256.update(bytes);
      sha256.update((byte) '\n');
    }
    return HexFormat.of().formatHex(sha256.digest());
  }
}
