package dev.gatehouse.analyzer.jvm;

import dev.gatehouse.analyzer.vocabulary.CredentialStores;
import dev.gatehouse.analyzer.vocabulary.OutOfBandHosts;
import dev.gatehouse.analyzer.vocabulary.PersistenceTargets;
import java.util.Locale;

/**
 * What a value in a method may have been built from, as bits that flow through string building, path
 * building and constructors. Only the sources that matter to a capability are tracked; everything else
 * is 0.
 */
final class Taint {
  /** The result of a Base64 or hex decode, or something built from one. */
  static final int DECODED = 1;
  /** The user's home folder: {@code user.home}, {@code $HOME}, a {@code ~/} path. */
  static final int HOME = 1 << 1;
  /** An absolute path into the system ({@code /tmp}, {@code /etc}, {@code C:\}...). */
  static final int OUTSIDE = 1 << 2;
  /** A credential location such as {@code .ssh/id_rsa} or {@code .aws/credentials}. */
  static final int CREDENTIAL = 1 << 3;
  /** An {@code http(s)://} or {@code ftp://} address. */
  static final int REMOTE = 1 << 4;
  /** An address {@link OutOfBandHosts} knows: an interaction server, a webhook collector, a raw IP... */
  static final int OUT_OF_BAND = 1 << 5;
  /** A file {@link PersistenceTargets} knows: a shell start-up file, a CI workflow, a git hook... */
  static final int PERSISTENCE = 1 << 6;

  /** A constant this long is prose or data, not a path. */
  private static final int MAX_PATH_CONSTANT = 256;

  private static final String[] SYSTEM_ROOTS = {
    "/tmp", "/var/tmp", "/dev/shm", "/etc/", "/usr/", "/var/", "/root", "/home/", "/users/", "/library/",
    "/opt/", "/bin/", "/sbin/", "/lib/", "/private/", "/system/"
  };

  private Taint() {}

  /** The bits a string constant carries by itself. */
  static int ofConstant(String text) {
    if (text.isEmpty() || text.length() > MAX_PATH_CONSTANT) {
      return 0;
    }
    String lower = text.toLowerCase(Locale.ROOT);
    int bits = OutOfBandHosts.reason(text).isPresent() ? OUT_OF_BAND : 0;
    if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("ftp://")
        || lower.equals("http") || lower.equals("https")) { // new URL("https", host, path)
      return bits | REMOTE;
    }
    if (lower.startsWith("~/") || lower.startsWith("~\\") || lower.startsWith("${user.home}")
        || lower.startsWith("%userprofile%") || lower.startsWith("%appdata%")) {
      bits |= HOME;
    }
    if (isSystemPath(lower)) {
      bits |= OUTSIDE;
    }
    if (CredentialStores.namedByPath(text)) {
      bits |= CREDENTIAL;
    }
    if (PersistenceTargets.named(text).isPresent()) {
      bits |= PERSISTENCE;
    }
    return bits;
  }

  private static boolean isSystemPath(String lower) {
    if (lower.length() >= 3 && Character.isLetter(lower.charAt(0)) && lower.charAt(1) == ':'
        && (lower.charAt(2) == '\\' || lower.charAt(2) == '/')) {
      return true;
    }
    for (String root : SYSTEM_ROOTS) {
      if (lower.startsWith(root) && (lower.length() == root.length() || root.endsWith("/")
          || lower.charAt(root.length()) == '/')) {
        return true;
      }
    }
    return false;
  }
}
