package dev.gatehouse.core.gate;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.upstream.Digests;
import java.util.Locale;
import java.util.Optional;

/**
 * What the upstream registry says the artifact's digest is: Maven's {@code .sha1}, npm's {@code integrity},
 * PyPI's {@code sha256} fragment. An artifact is verified against it before anything else happens.
 */
public sealed interface PublishedDigest {
  /**
   * A digest the registry publishes.
   *
   * @param algorithm {@code sha1}, {@code sha256} or {@code sha512}; MD5 is never trusted
   * @param hex lowercase hex
   */
  record Published(String algorithm, String hex) implements PublishedDigest {
    public Published {
      algorithm = requireNonNull(algorithm, "algorithm").toLowerCase(Locale.ROOT);
      hex = requireNonNull(hex, "hex").toLowerCase(Locale.ROOT);
      if (!algorithm.equals("sha1") && !algorithm.equals("sha256") && !algorithm.equals("sha512")) {
        throw new IllegalArgumentException("not a trusted digest algorithm: " + algorithm);
      }
    }

    /** Whether {@code actual} has this digest; empty never matches. */
    public boolean matches(Digests actual) {
      Optional<String> mine = actual.byAlgorithm(algorithm);
      return mine.isPresent() && mine.get().equals(hex);
    }
  }

  /** The registry publishes no digest for this artifact. */
  record Unpublished(String sentence) implements PublishedDigest {
    public Unpublished {
      requireNonNull(sentence, "sentence");
    }
  }

  /** The registry could not be asked (connection error, 5xx, timeout). */
  record Unavailable(String sentence, boolean timedOut) implements PublishedDigest {
    public Unavailable {
      requireNonNull(sentence, "sentence");
    }
  }
}
