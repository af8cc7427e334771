package dev.gatehouse.policy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How each ecosystem orders its versions, for {@link VersionRange}: SemVer 2.0 §11 for npm, Maven's
 * ComparableVersion rules (numbers numerically, qualifiers alpha &lt; beta &lt; milestone &lt; rc &lt; snapshot &lt;
 * release &lt; sp, trailing zeros ignored), and PEP 440's ordering (dev &lt; pre &lt; release &lt; post). Each compare
 * throws {@link IllegalArgumentException} for a version it cannot read.
 */
final class VersionOrder {
  private static final Pattern SEMVER = Pattern.compile("v?(\\d{1,9})\\.(\\d{1,9})\\.(\\d{1,9})(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?");
  private static final Pattern PEP440 = Pattern.compile("v?(?:(\\d+)!)?(\\d+(?:\\.\\d+)*)"
      + "(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\\d*))?"
      + "(?:-(\\d+)|[-_.]?(post|rev|r)[-_.]?(\\d*))?"
      + "(?:[-_.]?(dev)[-_.]?(\\d*))?"
      + "(?:\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?", Pattern.CASE_INSENSITIVE);
  private static final Map<String, Integer> MAVEN_QUALIFIERS = Map.of("alpha", 0, "beta", 1, "milestone", 2, "rc", 3,
      "snapshot", 4, "", 5, "sp", 6);
  private static final int RELEASE = 5;

  private VersionOrder() {}

  /** major, minor and patch of an npm version. */
  static int[] npmRelease(String version) {
    Matcher m = semver(version);
    return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
  }

  static int[] npm(String version) {
    return npmRelease(version);
  }

  static int compareNpm(String a, String b) {
    int[] ra = npmRelease(a);
    int[] rb = npmRelease(b);
    for (int i = 0; i < 3; i++) {
      if (ra[i] != rb[i]) {
        return Integer.compare(ra[i], rb[i]);
      }
    }
    String pa = semver(a).group(4);
    String pb = semver(b).group(4);
    if (pa == null || pb == null) {
      return pa == null ? (pb == null ? 0 : 1) : -1; // a prerelease comes before its release
    }
    String[] ia = pa.split("\\.");
    String[] ib = pb.split("\\.");
    for (int i = 0; i < Math.min(ia.length, ib.length); i++) {
      boolean na = ia[i].matches("\\d+");
      boolean nb = ib[i].matches("\\d+");
      int c = na && nb ? new BigInteger(ia[i]).compareTo(new BigInteger(ib[i]))
          : na != nb ? (na ? -1 : 1) : ia[i].compareTo(ib[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(ia.length, ib.length);
  }

  private static Matcher semver(String version) {
    Matcher m = SEMVER.matcher(version);
    if (!m.matches()) {
      throw new IllegalArgumentException("not an npm (semver) version: " + version);
    }
    return m;
  }

  static int compareMaven(String a, String b) {
    List<Object> ia = mavenItems(a);
    List<Object> ib = mavenItems(b);
    for (int i = 0; i < Math.max(ia.size(), ib.size()); i++) {
      Object x = i < ia.size() ? ia.get(i) : null;
      Object y = i < ib.size() ? ib.get(i) : null;
      int c = compareMavenItem(x, y);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** A missing item is a 0 beside a number and a release beside a qualifier. */
  private static int compareMavenItem(Object x, Object y) {
    if (x == null) {
      return -compareMavenItem(y, null);
    }
    if (x instanceof BigInteger n) {
      if (y == null) {
        return n.signum();
      }
      return y instanceof BigInteger m ? n.compareTo(m) : 1; // a number is above any qualifier
    }
    String q = (String) x;
    if (y == null) {
      return compareQualifiers(q, "");
    }
    return y instanceof BigInteger ? -1 : compareQualifiers(q, (String) y);
  }

  private static int compareQualifiers(String a, String b) {
    int ra = MAVEN_QUALIFIERS.getOrDefault(a, RELEASE + 2);
    int rb = MAVEN_QUALIFIERS.getOrDefault(b, RELEASE + 2);
    return ra != rb ? Integer.compare(ra, rb) : a.compareTo(b);
  }

  private static List<Object> mavenItems(String version) {
    String v = version.strip().toLowerCase(Locale.ROOT);
    if (v.isEmpty()) {
      throw new IllegalArgumentException("an empty Maven version");
    }
    List<Object> items = new ArrayList<>();
    Matcher m = Pattern.compile("\\d+|[a-z]+").matcher(v);
    while (m.find()) {
      String token = m.group();
      if (Character.isDigit(token.charAt(0))) {
        items.add(new BigInteger(token));
      } else {
        items.add(switch (token) {
          case "a" -> "alpha";
          case "b" -> "beta";
          case "m" -> "milestone";
          case "cr" -> "rc";
          case "ga", "final", "release" -> "";
          default -> token;
        });
      }
    }
    while (!items.isEmpty() && (BigInteger.ZERO.equals(items.get(items.size() - 1))
        || "".equals(items.get(items.size() - 1)))) {
      items.remove(items.size() - 1); // 1.0 equals 1, 1.0-ga equals 1.0
    }
    return items;
  }

  /** A PEP 440 version as a sort key: epoch, release, pre, post, dev. */
  record Pep440(long epoch, List<Long> release, int prePhase, long pre, long post, long dev) {}

  static Pep440 pep440(String version) {
    Matcher m = PEP440.matcher(version.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a PEP 440 version: " + version);
    }
    long epoch = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
    List<Long> release = new ArrayList<>();
    for (String part : m.group(2).split("\\.")) {
      release.add(Long.parseLong(part));
    }
    boolean hasPre = m.group(3) != null;
    boolean hasPost = m.group(5) != null || m.group(6) != null;
    boolean hasDev = m.group(8) != null;
    int prePhase;
    long pre = 0;
    if (hasPre) {
      String phase = m.group(3).toLowerCase(Locale.ROOT);
      prePhase = phase.startsWith("a") ? 1 : phase.startsWith("b") ? 2 : 3;
      pre = number(m.group(4));
    } else {
      prePhase = hasDev && !hasPost ? 0 : 4; // 1.0.dev1 sorts before 1.0a1; a release after its pre-releases
    }
    long post = hasPost ? number(m.group(5) != null ? m.group(5) : m.group(7)) : -1;
    long dev = hasDev ? number(m.group(9)) : Long.MAX_VALUE;
    return new Pep440(epoch, release, prePhase, pre, post, dev);
  }

  private static long number(String digits) {
    return digits == null || digits.isEmpty() ? 0 : Long.parseLong(digits);
  }

  static int comparePep440(String a, String b) {
    Pep440 x = pep440(a);
    Pep440 y = pep440(b);
    int c = Long.compare(x.epoch(), y.epoch());
    if (c == 0) {
      c = compareRelease(x.release(), y.release());
    }
    if (c == 0) {
      c = Integer.compare(x.prePhase(), y.prePhase());
    }
    if (c == 0) {
      c = Long.compare(x.pre(), y.pre());
    }
    if (c == 0) {
      c = Long.compare(x.post(), y.post());
    }
    if (c == 0) {
      c = Long.compare(x.dev(), y.dev());
    }
    return c;
  }

  /** {@code ==1.2.*}: the version's release, padded with zeros, starts with the prefix's release. */
  static boolean pep440PrefixMatches(String version, String prefix) {
    Pep440 v = pep440(version);
    Pep440 p = pep440(prefix);
    if (v.epoch() != p.epoch()) {
      return false;
    }
    for (int i = 0; i < p.release().size(); i++) {
      long part = i < v.release().size() ? v.release().get(i) : 0;
      if (part != p.release().get(i)) {
        return false;
      }
    }
    return true;
  }

  private static int compareRelease(List<Long> a, List<Long> b) {
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      long x = i < a.size() ? a.get(i) : 0;
      long y = i < b.size() ? b.get(i) : 0;
      if (x != y) {
        return Long.compare(x, y);
      }
    }
    return 0;
  }
}
