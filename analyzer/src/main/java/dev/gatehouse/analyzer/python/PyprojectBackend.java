package dev.gatehouse.analyzer.python;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code [build-system]} table of a {@code pyproject.toml} (PEP 517, PEP 518): the requirements
 * installed before a build, the backend module that builds, and {@code backend-path}, the folders of
 * the sdist itself put on {@code sys.path} first, which makes the backend code shipped inside the sdist
 * (an in-tree backend) rather than a package from the index.
 *
 * <p>Read with a small TOML reader that understands what this table needs (comments, tables, dotted
 * keys, basic and literal strings, single- and multi-line, arrays across lines) and skips the rest.
 *
 * @param requires {@code build-system.requires}
 * @param backend {@code build-system.build-backend}, or empty when absent (setuptools' legacy build)
 * @param backendPath {@code build-system.backend-path}
 * @param line the line of {@code build-backend}, or of the table
 */
record PyprojectBackend(List<String> requires, String backend, List<String> backendPath, int line) {
  PyprojectBackend {
    requires = List.copyOf(requires);
    backendPath = List.copyOf(backendPath);
  }

  /** The backend's module: {@code build-backend = "pkg.mod:object"} names {@code pkg.mod}. */
  String backendModule() {
    int colon = backend.indexOf(':');
    return (colon < 0 ? backend : backend.substring(0, colon)).strip();
  }

  boolean inTree() {
    return !backendPath.isEmpty();
  }

  static Optional<PyprojectBackend> parse(String text) {
    Reader r = new Reader(text);
    List<String> requires = new ArrayList<>();
    List<String> backendPath = new ArrayList<>();
    String backend = "";
    int line = 0;
    boolean seen = false;
    String table = "";
    while (r.skipBlank()) {
      if (r.peek() == '[') {
        table = r.header();
        if (table.equals("build-system")) {
          seen = true;
          line = line == 0 ? r.line : line;
        }
        continue;
      }
      int keyLine = r.line;
      String key = r.key();
      if (key == null || !r.expect('=')) {
        r.skipLine();
        continue;
      }
      Object value = r.value(0);
      String full = table.isEmpty() ? key : table + "." + key;
      switch (full) {
        case "build-system.requires" -> requires.addAll(strings(value));
        case "build-system.backend-path" -> backendPath.addAll(strings(value));
        case "build-system.build-backend" -> {
          backend = value instanceof String s ? s : "";
          line = keyLine;
        }
        default -> { }
      }
      if (full.startsWith("build-system.")) {
        seen = true;
      }
      r.skipLine();
    }
    return seen ? Optional.of(new PyprojectBackend(requires, backend, backendPath, line)) : Optional.empty();
  }

  private static List<String> strings(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof List<?> list) {
      list.stream().filter(String.class::isInstance).map(String.class::cast).forEach(out::add);
    } else if (value instanceof String s) {
      out.add(s);
    }
    return out;
  }

  /** A cursor over TOML text; every method consumes what it reads and never throws on bad input. */
  private static final class Reader {
    /** Arrays and inline tables nested deeper than this are skipped, not recursed into. */
    private static final int MAX_NESTING = 32;
    private final String s;
    private int pos;
    int line = 1;

    Reader(String s) {
      this.s = s;
    }

    char peek() {
      return pos < s.length() ? s.charAt(pos) : '\0';
    }

    /** Skips blanks, newlines and comments; false at the end. */
    boolean skipBlank() {
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == '#') {
          skipLine();
        } else if (c == '\n') {
          line++;
          pos++;
        } else if (Character.isWhitespace(c)) {
          pos++;
        } else {
          return true;
        }
      }
      return false;
    }

    void skipLine() {
      while (pos < s.length() && s.charAt(pos) != '\n') {
        pos++;
      }
    }

    String header() {
      int depth = 0;
      while (peek() == '[') {
        pos++;
        depth++;
      }
      StringBuilder name = new StringBuilder();
      while (pos < s.length() && s.charAt(pos) != ']' && s.charAt(pos) != '\n') {
        char c = s.charAt(pos++);
        if (c != '"' && c != '\'' && !Character.isWhitespace(c)) {
          name.append(c);
        }
      }
      for (int i = 0; i < depth && peek() == ']'; i++) {
        pos++;
      }
      skipLine();
      return name.toString();
    }

    String key() {
      StringBuilder key = new StringBuilder();
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == '"' || c == '\'') {
          Object quoted = string();
          key.append(quoted);
        } else if (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.') {
          key.append(c);
          pos++;
        } else if (c == ' ' || c == '\t') {
          pos++;
        } else {
          break;
        }
      }
      return key.length() == 0 ? null : key.toString();
    }

    boolean expect(char c) {
      while (peek() == ' ' || peek() == '\t') {
        pos++;
      }
      if (peek() != c) {
        return false;
      }
      pos++;
      while (peek() == ' ' || peek() == '\t') {
        pos++;
      }
      return true;
    }

    Object value(int nesting) {
      char c = peek();
      if (c == '"' || c == '\'') {
        return string();
      }
      if (c == '[' || c == '{') {
        char close = c == '[' ? ']' : '}';
        pos++;
        List<Object> items = new ArrayList<>();
        while (skipBlank() && peek() != close) {
          if (peek() == ',') {
            pos++;
            continue;
          }
          if (close == '}') {
            key();
            expect('=');
          }
          int before = pos;
          Object item = nesting < MAX_NESTING ? value(nesting + 1) : null;
          if (item != null) {
            items.add(item);
          }
          if (pos == before) {
            pos++; // something this reader does not know: step over it
          }
        }
        pos++;
        return close == ']' ? items : null;
      }
      int start = pos;
      while (pos < s.length() && "\n,]}#".indexOf(s.charAt(pos)) < 0) {
        pos++;
      }
      return s.substring(start, pos).strip();
    }

    private String string() {
      char q = s.charAt(pos);
      boolean multi = s.startsWith(String.valueOf(q).repeat(3), pos);
      pos += multi ? 3 : 1;
      StringBuilder out = new StringBuilder();
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (multi ? s.startsWith(String.valueOf(q).repeat(3), pos) : c == q) {
          pos += multi ? 3 : 1;
          break;
        }
        if (c == '\n') {
          line++;
          if (!multi) {
            break;
          }
        }
        if (c == '\\' && q == '"' && pos + 1 < s.length()) {
          char n = s.charAt(pos + 1);
          out.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
          pos += 2;
          continue;
        }
        out.append(c);
        pos++;
      }
      return out.toString();
    }
  }
}
