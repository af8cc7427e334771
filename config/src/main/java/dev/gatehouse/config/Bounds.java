package dev.gatehouse.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;

/**
 * The invariants the configuration records check in their constructors. They guard against code that
 * builds a record by hand; {@link ConfigLoader} has already reported a user's bad value in their words.
 */
final class Bounds {
  private Bounds() {}

  static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }

  static void notNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative, was " + value);
    }
  }

  static void positive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }

  static void baseUrl(String name, URI url) {
    requireNonNull(url, name);
    String scheme = url.getScheme();
    if (!("http".equals(scheme) || "https".equals(scheme)) || url.getHost() == null
        || url.getRawPath() == null || !url.getRawPath().endsWith("/")) {
      throw new IllegalArgumentException(name + " must be an absolute http(s) URL ending with /, was " + url);
    }
  }
}
