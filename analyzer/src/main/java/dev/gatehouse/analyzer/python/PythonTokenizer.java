package dev.gatehouse.analyzer.python;

import dev.gatehouse.analyzer.python.PythonToken.Kind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * A tokenizer for Python 2 and 3 source that never fails: whatever the input, it returns tokens.
 *
 * <p>It knows what makes text code or not code: comments; strings with every prefix ({@code r u b f t}
 * and their pairs, any case), single and triple quotes, escapes, and f-strings whose replacement fields
 * may hold nested strings (PEP 701) and format specs; line continuations; implicit joining inside
 * brackets; and indentation, as {@code INDENT}/{@code DEDENT} tokens, so that top-level statements can
 * be told apart from function bodies. Malformed input (an unterminated string, a stray dedent) is read
 * the way a forgiving reader would, never with an exception. Work is linear in the input length; the
 * caller bounds the input ({@code limits.maxEntryBytes}).
 */
final class PythonTokenizer {
  /** f-strings nested inside f-string fields deeper than this are read as plain strings. */
  private static final int MAX_FSTRING_NESTING = 16;
  private static final Set<String> OPERATORS_3 = Set.of("**=", "//=", ">>=", "<<=", "...");
  private static final Set<String> OPERATORS_2 = Set.of(
      "**", "//", "==", "!=", "<=", ">=", "->", ":=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=",
      "<<", ">>", "<>");

  private final String src;
  private final TokenList.Builder out;
  private final Deque<Integer> indents = new ArrayDeque<>();
  private int pos;
  private int line = 1;
  private int lineStart;
  private int depth;
  private boolean atLineStart = true;
  private int fstringNesting;

  private PythonTokenizer(String source, int maxTokens) {
    this.src = source.startsWith("\uFEFF") ? source.substring(1) : source;
    this.out = new TokenList.Builder(src, maxTokens);
  }

  static List<PythonToken> tokenize(String source) {
    return tokenize(source, Integer.MAX_VALUE - 1);
  }

  /**
   * The tokens of {@code source}, stopping once there are more than {@code maxTokens}: a caller that gets
   * more than it allowed knows the file was cut, and a one-line file of a million calls cannot fill the heap.
   */
  static List<PythonToken> tokenize(String source, int maxTokens) {
    PythonTokenizer t = new PythonTokenizer(source, maxTokens);
    t.run(maxTokens);
    return t.out.build();
  }

  private void run(int maxTokens) {
    indents.push(0);
    while (pos < src.length() && out.size() <= maxTokens) {
      if (atLineStart && depth == 0 && !indentation()) {
        continue;
      }
      atLineStart = false;
      char c = src.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\f') {
        pos++;
      } else if (c == '#') {
        skipToLineEnd();
      } else if (c == '\\' && isNewlineAt(pos + 1)) {
        pos++;
        consumeNewline(); // a continuation joins lines: no NEWLINE, no indentation
      } else if (c == '\n' || c == '\r') {
        consumeNewline();
        if (depth == 0) {
          endLogicalLine();
          atLineStart = true;
        }
      } else if (isIdentifierStart(c)) {
        name();
      } else if (Character.isDigit(c) || (c == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1)))) {
        number();
      } else if (c == '\'' || c == '"') {
        string(pos, "");
      } else {
        operator();
      }
    }
    endLogicalLine();
    while (indents.size() > 1) {
      indents.pop();
      emit(Kind.DEDENT, pos);
    }
    emit(Kind.END, pos);
  }

  /**
   * Measures the indentation of a physical line and emits INDENT/DEDENT tokens. Returns false when the
   * line is blank or a comment (consumed whole, no tokens), true when a token follows.
   */
  private boolean indentation() {
    int column = 0;
    int p = pos;
    while (p < src.length()) {
      char c = src.charAt(p);
      if (c == ' ') {
        column++;
      } else if (c == '\t') {
        column = (column / 8 + 1) * 8; // CPython's tab stops
      } else if (c == '\f') {
        column = 0;
      } else {
        break;
      }
      p++;
    }
    pos = p;
    if (p >= src.length()) {
      return false;
    }
    char c = src.charAt(p);
    if (c == '#') {
      skipToLineEnd();
      return false;
    }
    if (c == '\n' || c == '\r') {
      consumeNewline();
      return false;
    }
    if (c == '\\' && isNewlineAt(p + 1)) {
      return true; // a continuation right after indentation: the tokens that follow set nothing
    }
    if (column > indents.peek()) {
      indents.push(column);
      emit(Kind.INDENT, pos);
    } else {
      while (column < indents.peek()) {
        indents.pop();
        emit(Kind.DEDENT, pos);
      }
      if (column > indents.peek()) {
        indents.push(column); // inconsistent dedent: read it as its own level rather than fail
      }
    }
    return true;
  }

  private void endLogicalLine() {
    if (out.size() > 0) {
      Kind last = out.lastKind();
      if (last != Kind.NEWLINE && last != Kind.INDENT && last != Kind.DEDENT) {
        emit(Kind.NEWLINE, pos);
      }
    }
  }

  private void name() {
    int start = pos;
    while (pos < src.length() && isIdentifierPart(src.charAt(pos))) {
      pos++;
    }
    String word = src.substring(start, pos);
    if (pos < src.length() && (src.charAt(pos) == '\'' || src.charAt(pos) == '"') && isStringPrefix(word)) {
      string(start, word);
      return;
    }
    emitAt(Kind.NAME, start, pos);
  }

  private void number() {
    int start = pos;
    boolean hex = src.startsWith("0x", pos) || src.startsWith("0X", pos);
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
        pos++;
      } else if ((c == '+' || c == '-') && !hex && pos > start
          && (src.charAt(pos - 1) == 'e' || src.charAt(pos - 1) == 'E')) {
        pos++;
      } else {
        break;
      }
    }
    emitAt(Kind.NUMBER, start, pos);
  }

  private void operator() {
    int start = pos;
    String op;
    if (pos + 3 <= src.length() && OPERATORS_3.contains(src.substring(pos, pos + 3))) {
      op = src.substring(pos, pos + 3);
    } else if (pos + 2 <= src.length() && OPERATORS_2.contains(src.substring(pos, pos + 2))) {
      op = src.substring(pos, pos + 2);
    } else {
      op = String.valueOf(src.charAt(pos));
    }
    pos += op.length();
    switch (op) {
      case "(", "[", "{" -> depth++;
      case ")", "]", "}" -> depth = Math.max(0, depth - 1);
      default -> { }
    }
    emitAt(Kind.OP, start, pos);
  }

  /** Reads a string literal whose prefix starts at {@code start} and whose quote is at {@code pos}. */
  private void string(int start, String prefix) {
    int startLine = line;
    int startLineStart = lineStart;
    StringLiteral literal = readString(prefix);
    out.string(start, pos, prefix.length(), literal.triple, literal.formatted, startLine, startLineStart,
        literal.value.toString(), literal.fields);
  }

  private record StringLiteral(StringBuilder value, List<String> fields, boolean triple, boolean formatted) {}

  /** Reads from the opening quote at {@code pos} to past the closing one, or to the line end if unterminated. */
  private StringLiteral readString(String prefix) {
    String p = prefix.toLowerCase(java.util.Locale.ROOT);
    boolean raw = p.contains("r");
    boolean formatted = (p.contains("f") || p.contains("t")) && fstringNesting < MAX_FSTRING_NESTING;
    char q = src.charAt(pos);
    boolean triple = src.startsWith(String.valueOf(q).repeat(3), pos);
    pos += triple ? 3 : 1;
    StringLiteral literal = new StringLiteral(new StringBuilder(), new ArrayList<>(), triple, formatted);
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (closesAt(q, triple)) {
        pos += triple ? 3 : 1;
        return literal;
      }
      if (c == '\n' || c == '\r') {
        if (!triple) {
          return literal; // unterminated single-quoted string ends with its line
        }
        literal.value.append('\n');
        consumeNewline();
      } else if (c == '\\') {
        escape(literal.value, raw);
      } else if (formatted && c == '{') {
        if (src.startsWith("{{", pos)) {
          literal.value.append('{');
          pos += 2;
        } else {
          pos++;
          fstringNesting++;
          field(literal, q, triple);
          fstringNesting--;
        }
      } else if (formatted && c == '}' && src.startsWith("}}", pos)) {
        literal.value.append('}');
        pos += 2;
      } else {
        literal.value.append(c);
        pos++;
      }
    }
    return literal;
  }

  private boolean closesAt(char q, boolean triple) {
    return triple ? src.startsWith(String.valueOf(q).repeat(3), pos) : src.charAt(pos) == q;
  }

  /**
   * Reads one f-string replacement field after its '{': the expression (kept in {@code fields}), an
   * optional {@code !conversion}, and an optional format spec that may hold nested fields.
   */
  private void field(StringLiteral literal, char q, boolean triple) {
    StringBuilder expr = new StringBuilder();
    int brackets = 0;
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if ((c == '\n' || c == '\r') && !triple) {
        break;
      }
      if (c == '\'' || c == '"') {
        int before = pos;
        fstringNesting++;
        readString(trailingPrefix(expr));
        fstringNesting--;
        expr.append(src, before, pos);
        continue;
      }
      if (c == '\n' || c == '\r') {
        expr.append(' ');
        consumeNewline();
        continue;
      }
      if (brackets == 0 && c == '}') {
        pos++;
        break;
      }
      if (brackets == 0 && c == '!' && !src.startsWith("!=", pos)) {
        pos++;
        while (pos < src.length() && Character.isLetter(src.charAt(pos))) {
          pos++;
        }
        continue;
      }
      if (brackets == 0 && c == ':') {
        pos++;
        formatSpec(literal, q, triple);
        break;
      }
      if (c == '(' || c == '[' || c == '{') {
        brackets++;
      } else if (c == ')' || c == ']' || c == '}') {
        brackets--;
      }
      expr.append(c);
      pos++;
    }
    String e = expr.toString().strip();
    if (e.endsWith("=")) {
      e = e.substring(0, e.length() - 1); // f"{x=}" shows the expression and its value
    }
    if (!e.isEmpty()) {
      literal.fields.add(e);
    }
  }

  private void formatSpec(StringLiteral literal, char q, boolean triple) {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == '}') {
        pos++;
        return;
      }
      if (c == '{') {
        pos++;
        if (fstringNesting < MAX_FSTRING_NESTING) {
          fstringNesting++;
          field(literal, q, triple);
          fstringNesting--;
        }
        continue;
      }
      if (closesAt(q, triple) || ((c == '\n' || c == '\r') && !triple)) {
        return; // malformed: let the enclosing string end here
      }
      if (c == '\n' || c == '\r') {
        consumeNewline();
        continue;
      }
      pos++;
    }
  }

  private static String trailingPrefix(StringBuilder expr) {
    int i = expr.length();
    while (i > 0 && Character.isLetter(expr.charAt(i - 1)) && expr.length() - i < 2) {
      i--;
    }
    String word = expr.substring(i);
    boolean standalone = i == 0 || !isIdentifierPart(expr.charAt(i - 1));
    return standalone && isStringPrefix(word) ? word : "";
  }

  private void escape(StringBuilder value, boolean raw) {
    if (pos + 1 >= src.length()) {
      value.append('\\');
      pos++;
      return;
    }
    char n = src.charAt(pos + 1);
    if (n == '\n' || n == '\r') {
      pos++;
      consumeNewline(); // backslash-newline inside a string continues it
      if (raw) {
        value.append("\\\n");
      }
      return;
    }
    if (raw) {
      value.append('\\').append(n); // a raw string keeps the backslash, but the quote after it does not end it
      pos += 2;
      return;
    }
    pos += 2;
    switch (n) {
      case 'n' -> value.append('\n');
      case 't' -> value.append('\t');
      case 'r' -> value.append('\r');
      case '0', '1', '2', '3', '4', '5', '6', '7' -> {
        int end = pos - 1;
        while (end < src.length() && end < pos + 2 && src.charAt(end) >= '0' && src.charAt(end) <= '7') {
          end++;
        }
        value.append((char) Integer.parseInt(src.substring(pos - 1, end), 8));
        pos = end;
      }
      case 'x' -> hexEscape(value, 2);
      case 'u' -> hexEscape(value, 4);
      case 'U' -> hexEscape(value, 8);
      case 'a' -> value.append('\u0007');
      case 'b' -> value.append('\b');
      case 'f' -> value.append('\f');
      case 'v' -> value.append('\u000b');
      case '\\', '\'', '"' -> value.append(n);
      default -> value.append('\\').append(n);
    }
  }

  private void hexEscape(StringBuilder value, int digits) {
    int end = Math.min(src.length(), pos + digits);
    String hex = src.substring(pos, end);
    try {
      value.appendCodePoint(Integer.parseInt(hex, 16));
      pos = end;
    } catch (IllegalArgumentException notHex) {
      value.append('\\').append(src.charAt(pos - 1));
    }
  }

  private void consumeNewline() {
    if (src.charAt(pos) == '\r' && pos + 1 < src.length() && src.charAt(pos + 1) == '\n') {
      pos++;
    }
    pos++;
    line++;
    lineStart = pos;
  }

  private boolean isNewlineAt(int p) {
    return p < src.length() && (src.charAt(p) == '\n' || src.charAt(p) == '\r');
  }

  private void skipToLineEnd() {
    while (pos < src.length() && src.charAt(pos) != '\n' && src.charAt(pos) != '\r') {
      pos++;
    }
  }

  private void emitAt(Kind kind, int start, int end) {
    out.add(kind, start, end, line, lineStart);
  }

  private void emit(Kind kind, int at) {
    out.add(kind, at, at, line, lineStart);
  }

  static boolean isStringPrefix(String word) {
    if (word.isEmpty() || word.length() > 2) {
      return false;
    }
    String w = word.toLowerCase(java.util.Locale.ROOT);
    return switch (w) {
      case "r", "u", "b", "f", "t", "br", "rb", "fr", "rf", "tr", "rt" -> true;
      default -> false;
    };
  }

  private static boolean isIdentifierStart(char c) {
    return c == '_' || Character.isLetter(c) || (c > 127 && Character.isUnicodeIdentifierStart(c));
  }

  private static boolean isIdentifierPart(char c) {
    return c == '_' || Character.isLetterOrDigit(c) || (c > 127 && Character.isUnicodeIdentifierPart(c));
  }
}
