package dev.gatehouse.analyzer.archive;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/** What makes an entry name dangerous to extract: the tricks of zip-slip and tar path traversal. */
final class EntryNames {
  private EntryNames() {}

  /** Why {@code name} could land outside the extraction folder, or empty when it cannot. */
  static Optional<String> hostility(String name) {
    if (name.indexOf('\0') >= 0) {
      return Optional.of("entry name contains a NUL byte");
    }
    if (name.indexOf('\\') >= 0) {
      // Windows extractors (and pip on Windows) treat a backslash as a folder separator.
      return Optional.of("entry name contains a backslash: " + name);
    }
    if (name.startsWith("/") || (name.length() >= 2 && Character.isLetter(name.charAt(0)) && name.charAt(1) == ':')) {
      return Optional.of("entry name is an absolute path: " + name);
    }
    for (String segment : name.split("/")) {
      if (segment.equals("..")) {
        return Optional.of("entry name climbs out with '..': " + name);
      }
    }
    return Optional.empty();
  }

  /**
   * {@code path} with {@code .} and {@code ..} segments resolved, or empty when it climbs above the root
   * or is absolute.
   */
  static Optional<String> resolve(String path) {
    if (path.startsWith("/")) {
      return Optional.empty();
    }
    Deque<String> stack = new ArrayDeque<>();
    for (String segment : path.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (stack.isEmpty()) {
          return Optional.empty();
        }
        stack.removeLast();
      } else {
        stack.addLast(segment);
      }
    }
    return Optional.of(String.join("/", stack));
  }

  /** True when resolving {@code path} segment by segment climbs above the root. */
  static boolean escapes(String path) {
    return resolve(path).isEmpty();
  }
}
