package dev.gatehouse.proxy.pypi;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The forms of the simple API a client may ask for with {@code Accept} (PEP 691): JSON, the versioned HTML
 * type, and plain {@code text/html} for clients that predate PEP 691. {@code latest} aliases name version 1.
 */
enum SimpleFormat {
  JSON("application/vnd.pypi.simple.v1+json", "application/vnd.pypi.simple.latest+json"),
  HTML("application/vnd.pypi.simple.v1+html", "application/vnd.pypi.simple.latest+html"),
  TEXT_HTML("text/html", "text/html");

  /** Ties between explicitly named types go to JSON, which carries the most (PEP 700). */
  private static final List<SimpleFormat> EXPLICIT_PREFERENCE = List.of(JSON, HTML, TEXT_HTML);
  /** Ties under a wildcard go to plain HTML, which browsers and curl show best. */
  private static final List<SimpleFormat> WILDCARD_PREFERENCE = List.of(TEXT_HTML, HTML, JSON);

  private final String type;
  private final String alias;

  SimpleFormat(String type, String alias) {
    this.type = type;
    this.alias = alias;
  }

  /** The {@code Content-Type} of a response in this form. */
  String contentType() {
    return this == TEXT_HTML ? "text/html; charset=utf-8" : type;
  }

  boolean isJson() {
    return this == JSON;
  }

  /**
   * The form to answer {@code accept} with (RFC 9110 §12.5.1): the highest {@code q}, a more specific match
   * before a wildcard, then the preference above. No header means {@code text/html}, as PEP 503 clients
   * expect; empty when nothing offered is acceptable (406).
   */
  static Optional<SimpleFormat> negotiate(Optional<String> accept) {
    if (accept.isEmpty() || accept.get().isBlank()) {
      return Optional.of(TEXT_HTML);
    }
    List<Range> ranges = Arrays.stream(accept.get().split(",")).map(Range::parse).flatMap(Optional::stream).toList();
    SimpleFormat best = null;
    Match bestMatch = null;
    for (SimpleFormat format : values()) {
      Match match = format.match(ranges);
      if (match.q() <= 0) {
        continue;
      }
      if (best == null || better(format, match, best, bestMatch)) {
        best = format;
        bestMatch = match;
      }
    }
    return Optional.ofNullable(best);
  }

  private static boolean better(SimpleFormat format, Match match, SimpleFormat best, Match bestMatch) {
    if (match.q() != bestMatch.q()) {
      return match.q() > bestMatch.q();
    }
    if (match.specificity() != bestMatch.specificity()) {
      return match.specificity() > bestMatch.specificity();
    }
    List<SimpleFormat> order = match.specificity() == Range.EXACT ? EXPLICIT_PREFERENCE : WILDCARD_PREFERENCE;
    return order.indexOf(format) < order.indexOf(best);
  }

  /** The q of the most specific range that matches this form; q 0 when none does. */
  private Match match(List<Range> ranges) {
    Match found = new Match(0, -1);
    for (Range range : ranges) {
      int specificity = range.specificity(type, alias);
      if (specificity > found.specificity()) {
        found = new Match(range.q(), specificity);
      }
    }
    return found;
  }

  private record Match(double q, int specificity) {}

  /** One media range of an {@code Accept} header, in lowercase, with its {@code q}. */
  private record Range(String type, String subtype, double q) {
    static final int EXACT = 2;

    static Optional<Range> parse(String text) {
      String[] parts = text.split(";");
      String media = parts[0].strip().toLowerCase(Locale.ROOT);
      int slash = media.indexOf('/');
      if (slash <= 0 || slash == media.length() - 1) {
        return Optional.empty();
      }
      double q = 1;
      for (int i = 1; i < parts.length; i++) {
        String param = parts[i].strip().toLowerCase(Locale.ROOT);
        if (param.startsWith("q=")) {
          try {
            q = Double.parseDouble(param.substring(2).strip());
          } catch (NumberFormatException invalid) {
            return Optional.empty(); // a range with an unreadable weight is ignored
          }
          if (!(q >= 0 && q <= 1)) {
            return Optional.empty();
          }
        }
      }
      return Optional.of(new Range(media.substring(0, slash), media.substring(slash + 1), q));
    }

    /** 2 for an exact match, 1 for {@code type/*}, 0 for {@code *}{@code /*}, -1 for none. */
    int specificity(String mediaType, String alias) {
      String full = type + "/" + subtype;
      if (full.equals(mediaType) || full.equals(alias)) {
        return EXACT;
      }
      if (subtype.equals("*") && mediaType.startsWith(type + "/")) {
        return 1;
      }
      return type.equals("*") && subtype.equals("*") ? 0 : -1;
    }
  }
}
