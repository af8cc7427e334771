package dev.gatehouse.analyzer.python;

import java.util.List;

/**
 * One token of Python source, as {@link PythonTokenizer} produces it.
 *
 * @param kind what the token is
 * @param text the source text for names, numbers and operators; for strings the prefix and quotes only
 * @param line the 1-based physical line the token starts on
 * @param column the 0-based column it starts at
 * @param gap blanks between the previous token on the same physical line and this one; 0 at a line start
 * @param value for strings, the decoded literal text (for f-strings, the literal parts only); else empty
 * @param fields for f-strings, the source of each replacement field's expression; empty otherwise
 * @param fString whether the token is an f-string (or a t-string), whose fields run code
 */
record PythonToken(
    Kind kind, String text, int line, int column, int gap, String value, List<String> fields, boolean fString) {

  enum Kind { NAME, NUMBER, STRING, OP, NEWLINE, INDENT, DEDENT, END }

  PythonToken {
    fields = fields.isEmpty() ? List.of() : List.copyOf(fields); // tokens are built on every read (TokenList)
  }

  static PythonToken of(Kind kind, String text, int line, int column, int gap) {
    return new PythonToken(kind, text, line, column, gap, "", List.of(), false);
  }

  /** True for a name or operator token spelled {@code spelling}; strings never match. */
  boolean is(String spelling) {
    return (kind == Kind.NAME || kind == Kind.OP) && text.equals(spelling);
  }

  boolean isName() {
    return kind == Kind.NAME;
  }

  boolean isString() {
    return kind == Kind.STRING;
  }

  /** A plain (not f-) string literal, whose {@link #value()} is known without running anything. */
  boolean isConstantString() {
    return kind == Kind.STRING && !fString;
  }
}
