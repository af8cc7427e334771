package dev.gatehouse.policy;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A set of versions of one ecosystem, written as that ecosystem writes ranges: npm semver ranges ({@code ^4.2.0},
 * {@code >=1.0.0 <2.0.0 || 3.x}, {@code 1.2.3 - 1.4}), Maven version ranges ({@code [1.0,2.0)}, {@code (,1.5]},
 * {@code [1.2]}, unions separated by commas; a bare version means exactly that version) and PEP 440 specifiers
 * ({@code >=1.4,<2}, {@code ~=2.2}, {@code ==1.*}, {@code !=1.3.1}). {@code *} means every version. Versions are
 * compared as each ecosystem compares them ({@link VersionOrder}). Immutable and thread-safe.
 *
 * <p>Known simplifications, all toward matching fewer versions than a client would resolve, never more: an npm
 * prerelease matches only a comparator that names a prerelease of the same major.minor.patch (npm's own rule), and
 * a version that cannot be read in its ecosystem's scheme matches nothing but {@code *}.
 */
public final class VersionRange {
  /** The longest range text accepted. */
  public static final int MAX_LENGTH = 500;

  private static final Pattern NPM_COMPARATOR = Pattern.compile("(<=|>=|<|>|=|\\^|~)?\\s*v?([0-9xX*]+(?:\\.[0-9xX*]+){0,2}(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?)");
  private static final Pattern PEP440_SPEC = Pattern.compile("(===|==|!=|<=|>=|~=|<|>)\\s*([^\\s,]+)");

  private final Ecosystem ecosystem;
  private final String text;
  private final Predicate<String> members;

  private VersionRange(Ecosystem ecosystem, String text, Predicate<String> members) {
    this.ecosystem = ecosystem;
    this.text = text;
    this.members = members;
  }

  /**
   * Reads {@code text} in the range syntax of {@code ecosystem}.
   *
   * @throws IllegalArgumentException with a sentence naming what cannot be read
   */
  public static VersionRange parse(Ecosystem ecosystem, String text) {
    requireNonNull(ecosystem, "ecosystem");
    requireNonNull(text, "text");
    String range = text.strip();
    if (range.isEmpty()) {
      throw new IllegalArgumentException("the version range is empty; use * for every version");
    }
    if (range.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("the version range is " + range.length() + " characters, over " + MAX_LENGTH);
    }
    if (range.equals("*")) {
      return new VersionRange(ecosystem, range, v -> true);
    }
    return new VersionRange(ecosystem, range, switch (ecosystem) {
      case NPM -> npm(range);
      case MAVEN -> maven(range);
      case PYPI -> pep440(range);
    });
  }

  public Ecosystem ecosystem() {
    return ecosystem;
  }

  /** Whether {@code version} is in the range. */
  public boolean contains(String version) {
    requireNonNull(version, "version");
    try {
      return members.test(version.strip());
    } catch (IllegalArgumentException unreadable) {
      return false;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VersionRange other && other.ecosystem == ecosystem && other.text.equals(text);
  }

  @Override
  public int hashCode() {
    return ecosystem.hashCode() * 31 + text.hashCode();
  }

  /** The range as it was written. */
  @Override
  public String toString() {
    return text;
  }

  // npm: https://github.com/npm/node-semver#ranges
  private static Predicate<String> npm(String range) {
    List<Predicate<String>> sets = new ArrayList<>();
    for (String set : range.split("\\|\\|")) {
      sets.add(npmSet(set.strip(), range));
    }
    return v -> sets.stream().anyMatch(s -> s.test(v));
  }

  private static Predicate<String> npmSet(String set, String range) {
    Matcher hyphen = Pattern.compile("(\\S+)\\s+-\\s+(\\S+)").matcher(set);
    if (hyphen.matches()) {
      return npmSet(">=" + hyphen.group(1) + " " + upperOfHyphen(hyphen.group(2)), range);
    }
    List<Predicate<String>> all = new ArrayList<>();
    List<int[]> prereleaseTuples = new ArrayList<>();
    String rest = set;
    if (rest.isEmpty()) {
      return v -> VersionOrder.npm(v).length > 0;
    }
    Matcher m = NPM_COMPARATOR.matcher(rest);
    int at = 0;
    while (at < rest.length()) {
      if (Character.isWhitespace(rest.charAt(at))) {
        at++;
        continue;
      }
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException("cannot read the npm version range \"" + range + "\" at \""
            + rest.substring(at) + "\"");
      }
      String op = m.group(1) == null ? "" : m.group(1);
      String version = m.group(2);
      all.add(npmComparator(op, version, range));
      if (version.contains("-")) {
        prereleaseTuples.add(VersionOrder.npmRelease(version));
      }
      at = m.end();
    }
    return v -> {
      if (v.contains("-") && prereleaseTuples.stream()
          .noneMatch(t -> java.util.Arrays.equals(t, VersionOrder.npmRelease(v)))) {
        return false; // npm matches a prerelease only where a comparator names one of the same x.y.z
      }
      return all.stream().allMatch(p -> p.test(v));
    };
  }

  private static String upperOfHyphen(String upper) {
    String[] parts = upper.split("\\.");
    boolean partial = parts.length < 3 || upper.matches(".*[xX*].*");
    return partial ? "<" + bump(upper) : "<=" + upper;
  }

  /** The lowest version above every version that {@code partial} (as in {@code 1.2} or {@code 1.x}) covers. */
  private static String bump(String partial) {
    String[] parts = partial.split("\\.");
    List<Integer> numbers = new ArrayList<>();
    for (String part : parts) {
      if (part.matches("[xX*]")) {
        break;
      }
      numbers.add(Integer.parseInt(part));
    }
    if (numbers.isEmpty()) {
      return "999999999.0.0";
    }
    numbers.set(numbers.size() - 1, numbers.get(numbers.size() - 1) + 1);
    while (numbers.size() < 3) {
      numbers.add(0);
    }
    return numbers.get(0) + "." + numbers.get(1) + "." + numbers.get(2) + "-0";
  }

  private static Predicate<String> npmComparator(String op, String version, String range) {
    String[] parts = version.split("[-+]")[0].split("\\.");
    int given = 0;
    for (String part : parts) {
      if (part.matches("[xX*]")) {
        break;
      }
      given++;
    }
    String floor = floorOf(parts, given, version);
    switch (op) {
      case "", "=" -> {
        if (given == 3) {
          return v -> VersionOrder.compareNpm(v, version) == 0;
        }
        return between(floor, given == 0 ? null : bump(version.split("[-+]")[0]));
      }
      case "^" -> {
        int[] r = VersionOrder.npmRelease(floor);
        String upper = r[0] > 0 || given == 1 ? (r[0] + 1) + ".0.0-0"
            : r[1] > 0 || given == 2 ? "0." + (r[1] + 1) + ".0-0" : "0.0." + (r[2] + 1) + "-0";
        return between(floor, upper);
      }
      case "~" -> {
        int[] r = VersionOrder.npmRelease(floor);
        String upper = given == 1 ? (r[0] + 1) + ".0.0-0" : r[0] + "." + (r[1] + 1) + ".0-0";
        return between(floor, upper);
      }
      case ">=" -> {
        return v -> VersionOrder.compareNpm(v, floor) >= 0;
      }
      case ">" -> {
        String above = given == 3 ? version : bump(version.split("[-+]")[0]);
        return given == 3 ? v -> VersionOrder.compareNpm(v, above) > 0 : v -> VersionOrder.compareNpm(v, above) >= 0;
      }
      case "<" -> {
        return v -> VersionOrder.compareNpm(v, floor) < 0;
      }
      case "<=" -> {
        String top = given == 3 ? version : bump(version.split("[-+]")[0]);
        return given == 3 ? v -> VersionOrder.compareNpm(v, top) <= 0 : v -> VersionOrder.compareNpm(v, top) < 0;
      }
      default -> throw new IllegalArgumentException("cannot read the npm version range \"" + range + "\"");
    }
  }

  private static String floorOf(String[] parts, int given, String version) {
    if (given == 3) {
      return version;
    }
    StringBuilder floor = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      floor.append(i == 0 ? "" : ".").append(i < given ? parts[i] : "0");
    }
    return floor.toString();
  }

  private static Predicate<String> between(String floor, String upperExclusive) {
    return v -> VersionOrder.compareNpm(v, floor) >= 0
        && (upperExclusive == null || VersionOrder.compareNpm(v, upperExclusive) < 0);
  }

  // Maven: https://maven.apache.org/enforcer/enforcer-rules/versionRanges.html
  private static Predicate<String> maven(String range) {
    if (!range.startsWith("[") && !range.startsWith("(")) {
      if (range.contains(",")) {
        throw new IllegalArgumentException("a Maven version range is written in brackets, as [1.0,2.0); was \""
            + range + "\"");
      }
      return v -> VersionOrder.compareMaven(v, range) == 0;
    }
    List<Predicate<String>> intervals = new ArrayList<>();
    Matcher m = Pattern.compile("\\s*([\\[(])([^\\[\\]()]*)([\\])])\\s*(,|$)").matcher(range);
    int at = 0;
    while (at < range.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException("cannot read the Maven version range \"" + range + "\" at \""
            + range.substring(at) + "\"");
      }
      boolean lowerIncluded = m.group(1).equals("[");
      boolean upperIncluded = m.group(3).equals("]");
      String[] bounds = m.group(2).split(",", -1);
      if (bounds.length == 1) {
        if (!lowerIncluded || !upperIncluded || bounds[0].isBlank()) {
          throw new IllegalArgumentException("a Maven range with one version is written [1.0]; was \"" + range + "\"");
        }
        String exact = bounds[0].strip();
        intervals.add(v -> VersionOrder.compareMaven(v, exact) == 0);
      } else if (bounds.length == 2) {
        String lower = bounds[0].strip();
        String upper = bounds[1].strip();
        intervals.add(v -> (lower.isEmpty() || (lowerIncluded ? VersionOrder.compareMaven(v, lower) >= 0
            : VersionOrder.compareMaven(v, lower) > 0))
            && (upper.isEmpty() || (upperIncluded ? VersionOrder.compareMaven(v, upper) <= 0
            : VersionOrder.compareMaven(v, upper) < 0)));
      } else {
        throw new IllegalArgumentException("a Maven range interval has at most two bounds; was \"" + range + "\"");
      }
      at = m.end();
    }
    return v -> intervals.stream().anyMatch(i -> i.test(v));
  }

  // PEP 440: https://peps.python.org/pep-0440/#version-specifiers
  private static Predicate<String> pep440(String range) {
    List<Predicate<String>> all = new ArrayList<>();
    for (String clause : range.split(",")) {
      Matcher m = PEP440_SPEC.matcher(clause.strip());
      if (!m.matches()) {
        throw new IllegalArgumentException("cannot read the PEP 440 specifier \"" + clause.strip() + "\" in \""
            + range + "\"; write it as >=1.4,<2 or ==1.2.*");
      }
      String op = m.group(1);
      String version = m.group(2);
      if (version.endsWith(".*")) {
        if (!op.equals("==") && !op.equals("!=")) {
          throw new IllegalArgumentException("only == and != take a .* suffix, in \"" + range + "\"");
        }
        String prefix = version.substring(0, version.length() - 2);
        VersionOrder.pep440(prefix); // readable?
        Predicate<String> match = v -> VersionOrder.pep440PrefixMatches(v, prefix);
        all.add(op.equals("==") ? match : match.negate());
        continue;
      }
      VersionOrder.pep440(version); // readable?
      all.add(switch (op) {
        case "===" -> v -> v.toLowerCase(Locale.ROOT).equals(version.toLowerCase(Locale.ROOT));
        case "==" -> v -> VersionOrder.comparePep440(v, version) == 0;
        case "!=" -> v -> VersionOrder.comparePep440(v, version) != 0;
        case "<=" -> v -> VersionOrder.comparePep440(v, version) <= 0;
        case ">=" -> v -> VersionOrder.comparePep440(v, version) >= 0;
        case "<" -> v -> VersionOrder.comparePep440(v, version) < 0;
        case ">" -> v -> VersionOrder.comparePep440(v, version) > 0;
        case "~=" -> compatible(version, range);
        default -> throw new IllegalArgumentException("unknown operator " + op + " in \"" + range + "\"");
      });
    }
    return v -> all.stream().allMatch(p -> p.test(v));
  }

  /** {@code ~=2.2.1} is {@code >=2.2.1, ==2.2.*}. */
  private static Predicate<String> compatible(String version, String range) {
    String release = version.replaceAll("^(\\d+!)?([0-9.]+).*$", "$2");
    String[] parts = release.split("\\.");
    if (parts.length < 2) {
      throw new IllegalArgumentException("~= needs a version with at least two parts, as ~=2.2; in \"" + range + "\"");
    }
    String prefix = String.join(".", java.util.Arrays.copyOf(parts, parts.length - 1));
    return v -> VersionOrder.comparePep440(v, version) >= 0 && VersionOrder.pep440PrefixMatches(v, prefix);
  }
}
