package dev.gatehouse.analyzer.vocabulary;

import java.util.List;
import java.util.Locale;

/**
 * A path literal cut into lowercase segments, so that vocabulary entries match whole segments, never
 * substrings: {@code "add it to your .npmrc"} is prose, {@code ~/.npmrc} is a path.
 */
record PathSegments(List<String> segments, boolean isPath) {
  /** Literals longer than this are data, not paths; judging them would only cost time. */
  static final int MAX_LENGTH = 4096;

  static PathSegments of(String literal) {
    String lower = literal.toLowerCase(Locale.ROOT).strip();
    boolean isPath = lower.indexOf('/') >= 0 || lower.indexOf('\\') >= 0;
    return new PathSegments(List.of(lower.split("[/\\\\]+")), isPath);
  }

  /** True when the segments of {@code pattern} ({@code a/b}) appear here one after the other. */
  boolean contains(String pattern) {
    String[] wanted = pattern.split("/");
    for (int start = 0; start + wanted.length <= segments.size(); start++) {
      boolean all = true;
      for (int i = 0; i < wanted.length && all; i++) {
        all = segments.get(start + i).equals(wanted[i]);
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  String last() {
    return segments.isEmpty() ? "" : segments.get(segments.size() - 1);
  }
}
