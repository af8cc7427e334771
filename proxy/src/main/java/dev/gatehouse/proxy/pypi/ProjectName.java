package dev.gatehouse.proxy.pypi;

import java.util.Optional;

/**
 * A PyPI project name in its PEP 503 normalized form: lowercase, every run of {@code -}, {@code _} and
 * {@code .} replaced by one {@code -}. Only names PEP 508 allows are accepted (ASCII letters and digits,
 * with {@code - _ .} inside), so a normalized name is safe to place in a URL path as it is.
 */
record ProjectName(String normalized) {
  /** PEP 508 puts no bound on a name; PyPI's longest are far below this, and a path must stay short. */
  static final int MAX_LENGTH = 200;

  ProjectName {
    if (!normalize(normalized).equals(Optional.of(normalized))) {
      throw new IllegalArgumentException("not a normalized project name: " + normalized);
    }
  }

  /** The project {@code raw} names, or empty when it is not a valid PEP 508 name. */
  static Optional<ProjectName> parse(String raw) {
    return normalize(raw).map(ProjectName::new);
  }

  /** PEP 503 normalization of {@code raw}; empty when {@code raw} is not a valid PEP 508 name. */
  static Optional<String> normalize(String raw) {
    if (raw == null || raw.isEmpty() || raw.length() > MAX_LENGTH
        || !alphanumeric(raw.charAt(0)) || !alphanumeric(raw.charAt(raw.length() - 1))) {
      return Optional.empty();
    }
    StringBuilder out = new StringBuilder(raw.length());
    boolean inSeparator = false;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '-' || c == '_' || c == '.') {
        if (!inSeparator) {
          out.append('-');
        }
        inSeparator = true;
      } else if (alphanumeric(c)) {
        out.append(Character.toLowerCase(c));
        inSeparator = false;
      } else {
        return Optional.empty();
      }
    }
    return Optional.of(out.toString());
  }

  private static boolean alphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  @Override
  public String toString() {
    return normalized;
  }
}
