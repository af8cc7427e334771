package dev.gatehouse.proxy.npm;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A validated npm package name, plain ({@code left-pad}) or scoped ({@code @types/node}). Only the characters
 * that {@code encodeURIComponent} leaves alone are allowed, as npm's own name validation requires of every
 * name published since 2014, so a name never needs escaping in a URL path and can hold no {@code /}, {@code %},
 * {@code ..} or space. Upper case is accepted because packages such as {@code JSONStream} predate that rule.
 *
 * @param scope the scope without {@code @}, when there is one
 * @param bare the name without its scope
 */
public record NpmName(Optional<String> scope, String bare) {
  /** npm's own limit on the length of a whole name, scope included. */
  static final int MAX_LENGTH = 214;
  private static final Pattern PART = Pattern.compile("[A-Za-z0-9~-][A-Za-z0-9._~!*'()-]*");

  public NpmName {
    requireNonNull(scope, "scope");
    requireNonNull(bare, "bare");
    scope.ifPresent(s -> requirePart("scope", s));
    requirePart("name", bare);
    int length = bare.length() + scope.map(s -> s.length() + 2).orElse(0);
    if (length > MAX_LENGTH) {
      throw new IllegalArgumentException("a package name is at most %d characters long, this one has %d"
          .formatted(MAX_LENGTH, length));
    }
  }

  /**
   * Reads a name as npm writes it: {@code name} or {@code @scope/name}.
   *
   * @throws IllegalArgumentException with a sentence for the client when it is not a valid package name
   */
  public static NpmName parse(String name) {
    if (name.startsWith("@")) {
      int slash = name.indexOf('/');
      if (slash < 0) {
        throw new IllegalArgumentException("a scoped package name has the form @scope/name, not " + quoted(name));
      }
      return new NpmName(Optional.of(name.substring(1, slash)), name.substring(slash + 1));
    }
    return new NpmName(Optional.empty(), name);
  }

  /** The name as packuments and {@code package.json} write it: {@code @scope/name} or {@code name}. */
  public String full() {
    return scope.map(s -> "@" + s + "/" + bare).orElse(bare);
  }

  /** The name as npm puts it in a packument URL: the scope's slash escaped, {@code @scope%2fname}. */
  public String escaped() {
    return scope.map(s -> "@" + s + "%2f" + bare).orElse(bare);
  }

  @Override
  public String toString() {
    return full();
  }

  private static void requirePart(String what, String part) {
    if (!PART.matcher(part).matches()) {
      throw new IllegalArgumentException(("%s is not a valid npm package %s: use letters, digits and - . _ ~ only, "
          + "not starting with . or _").formatted(quoted(part), what));
    }
  }

  static String quoted(String text) {
    String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
    StringBuilder out = new StringBuilder("\"");
    for (char c : shown.toCharArray()) {
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return out.append('"').toString();
  }
}
