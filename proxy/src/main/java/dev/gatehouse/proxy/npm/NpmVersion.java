package dev.gatehouse.proxy.npm;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version as npm orders them (semver 2.0.0 §11): major, minor and patch numerically, a
 * prerelease before its release, prerelease identifiers one by one (numbers below words), build metadata
 * ignored. Used to repair {@code dist-tags} after versions were withheld.
 *
 * @param prerelease the dot-separated prerelease identifiers; empty for a release
 */
record NpmVersion(long major, long minor, long patch, List<String> prerelease) implements Comparable<NpmVersion> {
  /** npm's semver refuses numbers above JavaScript's largest safe integer. */
  private static final long MAX_SAFE_INTEGER = 9_007_199_254_740_991L;
  private static final Pattern SEMVER = Pattern.compile(
      "(0|[1-9]\\d{0,15})\\.(0|[1-9]\\d{0,15})\\.(0|[1-9]\\d{0,15})(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?");
  private static final Pattern NUMERIC = Pattern.compile("0|[1-9]\\d{0,15}");

  NpmVersion {
    prerelease = List.copyOf(prerelease);
  }

  /** The version {@code text} names, or empty when it is not a semantic version. */
  static Optional<NpmVersion> parse(String text) {
    Matcher m = SEMVER.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    long major = Long.parseLong(m.group(1));
    long minor = Long.parseLong(m.group(2));
    long patch = Long.parseLong(m.group(3));
    if (major > MAX_SAFE_INTEGER || minor > MAX_SAFE_INTEGER || patch > MAX_SAFE_INTEGER) {
      return Optional.empty();
    }
    List<String> pre = List.of();
    if (m.group(4) != null) {
      pre = List.of(m.group(4).split("\\.", -1));
      if (pre.stream().anyMatch(String::isEmpty)) {
        return Optional.empty();
      }
    }
    return Optional.of(new NpmVersion(major, minor, patch, pre));
  }

  boolean isPrerelease() {
    return !prerelease.isEmpty();
  }

  @Override
  public int compareTo(NpmVersion other) {
    int c = Long.compare(major, other.major);
    if (c == 0) {
      c = Long.compare(minor, other.minor);
    }
    if (c == 0) {
      c = Long.compare(patch, other.patch);
    }
    if (c != 0) {
      return c;
    }
    if (prerelease.isEmpty() || other.prerelease.isEmpty()) {
      return Boolean.compare(prerelease.isEmpty(), other.prerelease.isEmpty());
    }
    for (int i = 0; i < Math.min(prerelease.size(), other.prerelease.size()); i++) {
      c = compareIdentifiers(prerelease.get(i), other.prerelease.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(prerelease.size(), other.prerelease.size());
  }

  private static int compareIdentifiers(String a, String b) {
    boolean numericA = NUMERIC.matcher(a).matches();
    boolean numericB = NUMERIC.matcher(b).matches();
    if (numericA && numericB) {
      return Long.compare(Long.parseLong(a), Long.parseLong(b));
    }
    if (numericA != numericB) {
      return numericA ? -1 : 1;
    }
    return a.compareTo(b);
  }
}
