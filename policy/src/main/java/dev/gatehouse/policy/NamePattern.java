package dev.gatehouse.policy;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A package name, or a glob over package names, of one ecosystem: what the trusted and deny lists hold.
 *
 * <p>{@code *} matches any run of characters except {@code :} and {@code /}, so it never crosses from a
 * Maven groupId into the artifactId or from an npm scope into the name: {@code org.apache.maven.plugins:*}
 * and {@code @types/*} mean what they say. PyPI names are compared in their PEP 503 normalized form, so
 * {@code Foo_Bar} and {@code foo-bar} are one name.
 */
final class NamePattern implements Comparable<NamePattern> {
  // Maven coordinates: groupId:artifactId (Maven's own id pattern, plus the glob star).
  private static final Pattern MAVEN = Pattern.compile("[A-Za-z0-9_.*-]+:[A-Za-z0-9_.*-]+");
  // npm: name or @scope/name; uppercase survives only in legacy names, so it is accepted.
  private static final Pattern NPM = Pattern.compile("(@[A-Za-z0-9._~*-]+/)?[A-Za-z0-9._~*-]+");
  // PEP 508 names: letters, digits, and . _ - inside.
  private static final Pattern PYPI = Pattern.compile("[A-Za-z0-9*]([A-Za-z0-9._*-]*[A-Za-z0-9*])?");
  private static final Pattern PYPI_SEPARATORS = Pattern.compile("[-_.]+");

  private final Ecosystem ecosystem;
  private final String text;
  private final Pattern regex;

  private NamePattern(Ecosystem ecosystem, String text) {
    this.ecosystem = ecosystem;
    this.text = text;
    StringBuilder regex = new StringBuilder();
    int start = 0;
    for (int star = text.indexOf('*'); star >= 0; star = text.indexOf('*', start)) {
      regex.append(Pattern.quote(text.substring(start, star))).append("[^:/]*");
      start = star + 1;
    }
    regex.append(Pattern.quote(text.substring(start)));
    this.regex = Pattern.compile(regex.toString());
  }

  /**
   * Parses {@code text} as a name or glob of {@code ecosystem}.
   *
   * @param anchored when true, the pattern must begin with a literal character (a trusted entry {@code
   *     *:lombok} or {@code @*&#47;cli} would trust names that anyone can publish)
   * @throws IllegalArgumentException with a sentence that says what is wrong
   */
  static NamePattern parse(Ecosystem ecosystem, String text, boolean anchored) {
    requireNonNull(ecosystem, "ecosystem");
    requireNonNull(text, "text");
    Pattern shape = switch (ecosystem) {
      case MAVEN -> MAVEN;
      case NPM -> NPM;
      case PYPI -> PYPI;
    };
    if (!shape.matcher(text).matches()) {
      throw new IllegalArgumentException("\"%s\" is not %s".formatted(text, shapeDescription(ecosystem)));
    }
    String firstPart = text.startsWith("@") ? text.substring(1) : text;
    if (anchored && firstPart.startsWith("*")) {
      throw new IllegalArgumentException(("\"%s\" starts with a wildcard, which would trust names anyone can"
          + " publish; start with a group, scope or name").formatted(text));
    }
    return new NamePattern(ecosystem, normalize(ecosystem, text));
  }

  /** {@code name} as Gatehouse compares it: PEP 503 normalized for PyPI, unchanged otherwise. */
  static String normalize(Ecosystem ecosystem, String name) {
    if (ecosystem != Ecosystem.PYPI) {
      return name;
    }
    return PYPI_SEPARATORS.matcher(name).replaceAll("-").toLowerCase(Locale.ROOT);
  }

  private static String shapeDescription(Ecosystem ecosystem) {
    return switch (ecosystem) {
      case MAVEN -> "a Maven groupId:artifactId (* matches within one part)";
      case NPM -> "an npm package name or @scope/name (* matches within one part)";
      case PYPI -> "a PyPI project name (letters, digits, . _ -; * matches any run of them)";
    };
  }

  Ecosystem ecosystem() {
    return ecosystem;
  }

  /** Whether {@code name} of this pattern's ecosystem matches. */
  boolean matches(String name) {
    return regex.matcher(normalize(ecosystem, name)).matches();
  }

  @Override
  public int compareTo(NamePattern other) {
    int byEcosystem = ecosystem.compareTo(other.ecosystem);
    return byEcosystem != 0 ? byEcosystem : text.compareTo(other.text);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NamePattern other && ecosystem == other.ecosystem && text.equals(other.text);
  }

  @Override
  public int hashCode() {
    return ecosystem.hashCode() * 31 + text.hashCode();
  }

  /** The pattern as written in the policy file (PyPI names normalized). */
  @Override
  public String toString() {
    return text;
  }
}
