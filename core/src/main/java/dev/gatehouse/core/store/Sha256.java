package dev.gatehouse.core.store;

import java.util.regex.Pattern;

/** The one check every digest passes before it names a file or a row. */
public final class Sha256 {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  private Sha256() {}

  /**
   * Returns {@code sha256} when it is 64 lowercase hex digits.
   *
   * @throws IllegalArgumentException otherwise, with the value in the message
   */
  public static String require(String sha256) {
    if (!isValid(sha256)) {
      throw new IllegalArgumentException("not a lowercase hex SHA-256: " + sha256);
    }
    return sha256;
  }

  /** Whether {@code text} is 64 lowercase hex digits. */
  public static boolean isValid(String text) {
    return text != null && HEX.matcher(text).matches();
  }
}
