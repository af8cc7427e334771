package dev.gatehouse.policy;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.analyzer.npm.PackumentHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The minimum release age: a version younger than {@link #minimumAge()} is held back, because most
 * malicious versions are found and unpublished within days of release. {@link #exemptions()} name single
 * versions that an operator needs before they are old enough (a security fix). {@link #newDependencyAge()}
 * applies the same idea one level down: a dependency that a version adds and that was itself first published
 * less than this before the version is rated high (axios 1.14.1, March 2026).
 *
 * @param minimumAge zero turns the cooldown off; at most {@link #MAX_MINIMUM_AGE}
 * @param newDependencyAge zero rates no added dependency young; at most {@link #MAX_MINIMUM_AGE}
 * @param exemptions sorted, because order in the file means nothing here
 */
record Cooldown(Duration minimumAge, Duration newDependencyAge, List<Exemption> exemptions) {
  /** The new-dependency age when no policy file sets one. */
  static final Duration DEFAULT_NEW_DEPENDENCY_AGE = PackumentHistory.YOUNG_DEPENDENCY;
  /** The longest minimum age: beyond a year a cooldown is a freeze, which the deny list says better. */
  static final Duration MAX_MINIMUM_AGE = Duration.ofDays(365);
  private static final Pattern AGE_PART = Pattern.compile("(\\d{1,9})([dhms])");

  Cooldown {
    requireNonNull(minimumAge, "minimumAge");
    if (minimumAge.isNegative() || minimumAge.compareTo(MAX_MINIMUM_AGE) > 0) {
      throw new IllegalArgumentException("minimum age must be between 0s and 365d, was " + minimumAge);
    }
    requireNonNull(newDependencyAge, "newDependencyAge");
    if (newDependencyAge.isNegative() || newDependencyAge.compareTo(MAX_MINIMUM_AGE) > 0) {
      throw new IllegalArgumentException("new dependency age must be between 0s and 365d, was " + newDependencyAge);
    }
    List<Exemption> sorted = new ArrayList<>(exemptions);
    sorted.sort(Comparator.comparing(Exemption::canonical));
    exemptions = List.copyOf(sorted.stream().distinct().toList());
  }

  static Cooldown off() {
    return new Cooldown(Duration.ZERO, DEFAULT_NEW_DEPENDENCY_AGE, List.of());
  }

  /** A single package version exempt from the cooldown; the name is exact (PEP 503 normalized for PyPI). */
  record Exemption(Ecosystem ecosystem, String name, String version) {
    Exemption {
      requireNonNull(ecosystem, "ecosystem");
      name = NamePattern.normalize(ecosystem, requireNonNull(name, "name"));
      requireNonNull(version, "version");
    }

    String canonical() {
      return "cooldown-exception " + ecosystem.key() + " " + name + " " + Canonical.quote(version);
    }
  }

  /** Whether a version published at {@code publishedAt} may be served at {@code now}. */
  boolean admits(Ecosystem ecosystem, String name, String version, Instant publishedAt, Instant now) {
    if (minimumAge.isZero() || !now.isBefore(admittedFrom(publishedAt))) {
      return true;
    }
    Exemption asked = new Exemption(ecosystem, name, version);
    return exemptions.contains(asked);
  }

  /** The moment a version published at {@code publishedAt} becomes old enough. */
  Instant admittedFrom(Instant publishedAt) {
    return publishedAt.plus(minimumAge);
  }

  Cooldown plus(Duration newMinimumAge, Duration otherNewDependencyAge, List<Exemption> more) {
    List<Exemption> all = new ArrayList<>(exemptions);
    all.addAll(more);
    return new Cooldown(newMinimumAge, otherNewDependencyAge, all);
  }

  /**
   * Reads a minimum age as policy files write it: {@code 0}, or amounts with units {@code d}, {@code h},
   * {@code m}, {@code s} such as {@code 72h}, {@code 7d} or {@code 1d12h}.
   *
   * @throws IllegalArgumentException with a sentence when {@code text} is no such age or is over {@link
   *     #MAX_MINIMUM_AGE}
   */
  static Duration parseAge(String text) {
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    Matcher part = AGE_PART.matcher(text);
    Duration age = Duration.ZERO;
    int end = 0;
    while (part.find() && part.start() == end) {
      long amount = Long.parseLong(part.group(1));
      age = age.plus(switch (part.group(2)) {
        case "d" -> Duration.ofDays(amount);
        case "h" -> Duration.ofHours(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofSeconds(amount);
      });
      end = part.end();
    }
    if (end == 0 || end != text.length()) {
      throw new IllegalArgumentException("\"%s\" is not a duration (such as 0s, 90m, 72h, 7d or 1d12h)".formatted(text));
    }
    if (age.compareTo(MAX_MINIMUM_AGE) > 0) {
      throw new IllegalArgumentException("%s is longer than %dd; use the deny list to hold a package back for good"
          .formatted(text, MAX_MINIMUM_AGE.toDays()));
    }
    return age;
  }

  /** {@code age} as policy files write it, largest units first: {@code 3d}, {@code 1d12h}, {@code 45s}, {@code 0s}. */
  static String format(Duration age) {
    StringBuilder out = new StringBuilder();
    long seconds = age.getSeconds();
    long[] sizes = {86_400, 3_600, 60, 1};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < sizes.length; i++) {
      if (seconds >= sizes[i]) {
        out.append(seconds / sizes[i]).append(units[i]);
        seconds %= sizes[i];
      }
    }
    return out.length() == 0 ? "0s" : out.toString();
  }

  /** Lines in the canonical form that {@link Policy#version()} digests. */
  List<String> canonical() {
    List<String> lines = new ArrayList<>();
    lines.add("cooldown minimum-age=" + format(minimumAge));
    if (!newDependencyAge.equals(DEFAULT_NEW_DEPENDENCY_AGE)) {
      // Only when changed, so that the digest of a policy that leaves it alone stays what it was.
      lines.add("cooldown new-dependency-age=" + format(newDependencyAge));
    }
    exemptions.forEach(e -> lines.add(e.canonical()));
    return lines;
  }
}
