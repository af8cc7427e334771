package dev.gatehouse.analyzer;

import static java.util.Objects.requireNonNull;

/**
 * Where a reviewer can check a finding: the file inside the archive, a location in that file, and a
 * short excerpt.
 *
 * @param path the file inside the artifact; nested archives are joined with {@code !/}, as in {@code
 *     BOOT-INF/lib/x.jar!/com/example/A.class}; empty for the artifact as a whole
 * @param location the class and method ({@code com.example.A#<clinit>}, with {@code :line} when the class
 *     has line numbers), the line ({@code line 12}) or the key ({@code scripts.postinstall}); may be empty
 * @param excerpt the code or text that shows the finding, at most {@link #MAX_EXCERPT} characters, with
 *     control characters replaced so that it is safe in a terminal and an HTTP reason phrase
 */
public record Evidence(String path, String location, String excerpt) {
  public static final int MAX_EXCERPT = 240;

  public Evidence {
    requireNonNull(path, "path");
    requireNonNull(location, "location");
    requireNonNull(excerpt, "excerpt");
    excerpt = clean(excerpt);
  }

  public static Evidence of(String path, String location, String excerpt) {
    return new Evidence(path, location, excerpt);
  }

  /** The artifact as a whole, for problems that belong to no single entry. */
  public static Evidence whole(String excerpt) {
    return new Evidence("", "", excerpt);
  }

  /** {@code path} and {@code location} as one string for a line of output. */
  public String where() {
    if (location.isEmpty()) {
      return path;
    }
    return path.isEmpty() ? location : path + " " + location;
  }

  private static String clean(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_EXCERPT + 1));
    for (int i = 0; i < text.length() && out.length() < MAX_EXCERPT; i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? ' ' : c);
    }
    if (text.length() > MAX_EXCERPT) {
      out.setLength(MAX_EXCERPT - 1);
      out.append('…');
    }
    return out.toString().strip();
  }
}
