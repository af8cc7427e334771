package dev.gatehouse.proxy.npm;

import dev.gatehouse.core.gate.PublishedDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The digest a packument publishes for one tarball: the strongest hash of {@code dist.integrity} (W3C
 * Subresource Integrity, {@code sha512-<base64>}, possibly several separated by spaces), or the {@code
 * dist.shasum} SHA-1 only when no integrity is published, as for packages from before npm 5. A malformed or
 * missing digest means the tarball cannot be verified, and the gate refuses it.
 */
final class Integrity {
  /** Strongest first; SRI also allows sha384, which Gatehouse does not compute, so it is skipped. */
  private static final List<String> ALGORITHMS = List.of("sha512", "sha256", "sha1");
  private static final Pattern SHASUM = Pattern.compile("[0-9a-fA-F]{40}");

  private Integrity() {}

  static PublishedDigest of(NpmRelease release, String coordinates) {
    if (release.integrity().isPresent()) {
      Optional<PublishedDigest.Published> strongest = strongest(release.integrity().get());
      if (strongest.isPresent()) {
        return strongest.get();
      }
      return new PublishedDigest.Unpublished("the registry publishes an integrity for " + coordinates
          + " that Gatehouse cannot read (" + NpmName.quoted(release.integrity().get())
          + "), so it cannot verify the tarball and refuses it");
    }
    if (release.shasum().isPresent() && SHASUM.matcher(release.shasum().get()).matches()) {
      return new PublishedDigest.Published("sha1", release.shasum().get());
    }
    return new PublishedDigest.Unpublished("the registry publishes neither dist.integrity nor dist.shasum for "
        + coordinates + ", so Gatehouse cannot verify the tarball and refuses it");
  }

  /** The strongest hash Gatehouse computes among the SRI expressions; options after {@code ?} are ignored. */
  static Optional<PublishedDigest.Published> strongest(String sri) {
    for (String algorithm : ALGORITHMS) {
      for (String expression : sri.strip().split("\\s+")) {
        int dash = expression.indexOf('-');
        if (dash <= 0 || !expression.substring(0, dash).toLowerCase(Locale.ROOT).equals(algorithm)) {
          continue;
        }
        String value = expression.substring(dash + 1);
        int options = value.indexOf('?');
        if (options >= 0) {
          value = value.substring(0, options);
        }
        try {
          byte[] digest = Base64.getDecoder().decode(value);
          if (digest.length == length(algorithm)) {
            return Optional.of(new PublishedDigest.Published(algorithm, HexFormat.of().formatHex(digest)));
          }
        } catch (IllegalArgumentException notBase64) {
          // try the next expression: SRI says to ignore the ones a reader does not understand
        }
      }
    }
    return Optional.empty();
  }

  private static int length(String algorithm) {
    return switch (algorithm) {
      case "sha512" -> 64;
      case "sha256" -> 32;
      default -> 20;
    };
  }
}
