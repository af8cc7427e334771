package dev.gatehouse.analyzer.npm;

import java.util.Optional;

/**
 * A semantic version ({@code 1.2.3-beta.4+build}) ordered by precedence as semver.org section 11 says:
 * numbers numerically, a pre-release below its release, pre-release identifiers one by one (numeric ones
 * numerically and below alphanumeric ones), build metadata ignored.
 */
record SemVer(long major, long minor, long patch, java.util.List<String> pre) implements Comparable<SemVer> {
  SemVer {
    pre = java.util.List.copyOf(pre);
  }

  static Optional<SemVer> parse(String text) {
    String v = text.strip();
    if (v.startsWith("v") || v.startsWith("=")) {
      v = v.substring(1);
    }
    int plus = v.indexOf('+');
    if (plus >= 0) {
      v = v.substring(0, plus);
    }
    int dash = v.indexOf('-');
    String core = dash < 0 ? v : v.substring(0, dash);
    String[] parts = core.split("\\.", -1);
    if (parts.length != 3 || v.length() > 256) {
      return Optional.empty();
    }
    try {
      java.util.List<String> pre = dash < 0 ? java.util.List.of()
          : java.util.List.of(v.substring(dash + 1).split("\\.", -1));
      return Optional.of(new SemVer(number(parts[0]), number(parts[1]), number(parts[2]), pre));
    } catch (NumberFormatException notSemver) {
      return Optional.empty();
    }
  }

  private static long number(String s) {
    if (s.isEmpty() || !s.chars().allMatch(Character::isDigit) || s.length() > 18) {
      throw new NumberFormatException(s);
    }
    return Long.parseLong(s);
  }

  @Override
  public int compareTo(SemVer o) {
    int c = Long.compare(major, o.major);
    c = c != 0 ? c : Long.compare(minor, o.minor);
    c = c != 0 ? c : Long.compare(patch, o.patch);
    if (c != 0) {
      return c;
    }
    if (pre.size() == 0 || o.pre().size() == 0) {
      // a release ranks above its pre-releases: 1.0.0-rc.1 < 1.0.0
      return pre.size() == o.pre().size() ? 0 : pre.size() == 0 ? 1 : -1;
    }
    for (int i = 0; i < Math.min(pre.size(), o.pre().size()); i++) {
      c = identifier(pre.get(i), o.pre.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(pre.size(), o.pre().size());
  }

  private static int identifier(String a, String b) {
    boolean an = !a.isEmpty() && a.chars().allMatch(Character::isDigit) && a.length() < 19;
    boolean bn = !b.isEmpty() && b.chars().allMatch(Character::isDigit) && b.length() < 19;
    if (an && bn) {
      return Long.compare(Long.parseLong(a), Long.parseLong(b));
    }
    if (an != bn) {
      return an ? -1 : 1;
    }
    return a.compareTo(b);
  }
}
