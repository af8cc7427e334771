package dev.gatehouse.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the known key an unknown one was most likely meant to be: the same key in another case or with
 * {@code -} or {@code _} between words ({@code max_header_size}), or one a typo or two away ({@code prot}).
 */
final class KeySpelling {
  private KeySpelling() {}

  static Optional<String> closest(String unknown, List<String> known) {
    String plain = plain(unknown);
    for (String key : known) {
      if (plain(key).equals(plain)) {
        return Optional.of(key);
      }
    }
    // A longer key can take more typos before another key is as likely a meaning.
    int allowed = Math.max(1, Math.min(3, plain.length() / 3));
    String best = null;
    int bestDistance = allowed + 1;
    for (String key : known) {
      // Keys of very different lengths are never close; skipping them also bounds the work on long keys.
      if (Math.abs(plain(key).length() - plain.length()) > allowed) {
        continue;
      }
      int distance = distance(plain, plain(key));
      if (distance < bestDistance) {
        best = key;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }

  private static String plain(String key) {
    return key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
  }

  /** Optimal string alignment distance: edits, with a swap of two neighbours counted as one. */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
