package dev.gatehouse.analyzer.vocabulary;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;

/**
 * A path literal cut into lowercase segments, so that vocabulary entries match whole segments, never
 * substrings: {@code "add it to your .npmrc"} is prose, {@code ~/.npmrc} is a path.
 */
record PathSegments(List<String> segments, boolean isPath) {
  /** Literals longer than this are data, not paths; judging them would only cost time. */
  static final int MAX_LENGTH = 4096;
  private static final java.util.concurrent.ConcurrentMap<String, String[]> CUT =
      new java.util.concurrent.ConcurrentHashMap<>();

  static PathSegments of(String literal) {
    String lower = literal.toLowerCase(Locale.ROOT).strip();
    // Cut by hand: analyzers ask about every string constant of every class, so a regular expression here
    // was a measurable share of a jar's analysis.
    List<String> segments = new ArrayList<>();
    boolean isPath = false;
    int start = 0;
    for (int i = 0; i <= lower.length(); i++) {
      char c = i == lower.length() ? '/' : lower.charAt(i);
      if (c == '/' || c == '\\') {
        isPath |= i < lower.length();
        if (i > start) {
          segments.add(lower.substring(start, i));
        }
        start = i + 1;
      }
    }
    return new PathSegments(List.copyOf(segments), isPath);
  }

  /** True when one of the segments is one of {@code words}: a cheap test before matching whole entries. */
  boolean anyIn(Set<String> words) {
    for (String segment : segments) {
      if (words.contains(segment)) {
        return true;
      }
    }
    return false;
  }

  /** Every segment of every pattern of {@code entries}. */
  static Set<String> wordsOf(List<VocabularyFile> entries) {
    Set<String> words = new HashSet<>();
    entries.forEach(e -> words.addAll(List.of(e.pattern().split("/"))));
    return Set.copyOf(words);
  }

  /** True when the segments of {@code pattern} ({@code a/b}) appear here one after the other. */
  boolean contains(String pattern) {
    // Patterns are few and fixed; cutting each once keeps this off the profile of a jar's analysis.
    String[] wanted = CUT.computeIfAbsent(pattern, p -> p.split("/"));
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
