package dev.gatehouse.analyzer.npm;

/**
 * Splits JavaScript source into {@link JsTokens} so that strings, comments, regular expressions and
 * template literals are never mistaken for code.
 *
 * <p>It is a lexer, not a parser, and it is tolerant: broken input still yields tokens (an unterminated
 * string ends at the line end), because a package's code only has to be good enough for Node to run the
 * parts an attacker cares about. The one grammar question a lexer must answer is whether {@code /}
 * starts a regular expression or divides; it is answered from the previous token, as every JavaScript
 * lexer without a parser does. Template literals are split into {@link JsTokens.Kind#TEMPLATE} chunks
 * with the tokens of their {@code ${...}} substitutions between them, bracketed by {@code ${} and
 * {@code }} tokens, so code inside a template is seen as code and the text around it as text.
 */
final class JsTokenizer {
  private static final String[] PUNCTUATORS = {
    ">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=",
    "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "/=", "%=",
    "&=", "|=", "^=", "**", "<<", ">>"
  };

  /** Keywords after which {@code /} starts a regular expression rather than dividing. */
  private static final java.util.Set<String> REGEX_AFTER_KEYWORD = java.util.Set.of(
      "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else",
      "yield", "await", "extends");

  private final String src;
  private final JsTokens out;
  private final long maxTokens;
  private int pos;
  /** Open braces inside each template substitution being lexed, innermost last. */
  private final java.util.ArrayDeque<int[]> templateDepths = new java.util.ArrayDeque<>();

  private JsTokenizer(String src, long maxTokens) {
    this.src = src;
    this.out = new JsTokens(src, maxTokens);
    this.maxTokens = maxTokens;
  }

  /** The tokens of {@code source}, at most {@code maxTokens} of them ({@link JsTokens#truncated()}). */
  static JsTokens tokenize(String source, long maxTokens) {
    JsTokenizer lexer = new JsTokenizer(source, maxTokens);
    lexer.run();
    return lexer.out;
  }

  private void run() {
    if (src.startsWith("#!")) {
      skipLine();
    }
    while (pos < src.length()) {
      if (out.size() >= maxTokens) {
        out.truncate();
        return;
      }
      char c = src.charAt(pos);
      if (c == '\n' || c == '\u2028' || c == '\u2029' || c == '\r') {
        pos++; // line numbers come from offsets (JsTokens#line)
      } else if (Character.isWhitespace(c) || c == '\u00a0' || c == '\ufeff') {
        pos++;
      } else if (c == '/' && peek(1) == '/') {
        skipLine();
      } else if (c == '/' && peek(1) == '*') {
        skipBlockComment();
      } else if (c == '<' && src.startsWith("<!--", pos)) {
        skipLine(); // Annex B HTML-like comment
      } else if (c == '\'' || c == '"') {
        string(c);
      } else if (c == '`') {
        pos++;
        template(pos);
      } else if (isIdentStart(c) || c == '\\' || c == '#') {
        identifier();
      } else if (isDigit(c) || (c == '.' && isDigit(peek(1)))) {
        number();
      } else if (c == '/' && regexAllowed()) {
        regexOrSlash();
      } else if (c == '}' && !templateDepths.isEmpty() && templateDepths.peekLast()[0] == 0) {
        templateDepths.removeLast();
        out.add(JsTokens.Kind.PUNCT, pos, pos + 1);
        pos++;
        template(pos);
      } else {
        punctuator();
      }
    }
  }

  private void skipLine() {
    while (pos < src.length() && src.charAt(pos) != '\n' && src.charAt(pos) != '\r') {
      pos++;
    }
  }

  private void skipBlockComment() {
    int end = src.indexOf("*/", pos + 2);
    int stop = end < 0 ? src.length() : end + 2;
    pos = stop;
  }

  private void string(char quote) {
    int start = pos++;
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == '\\') {
        pos += 2; // an escape, or a line continuation
      } else if (c == quote) {
        pos++;
        break;
      } else if (c == '\n' || c == '\r') {
        break; // unterminated: the string ends with its line
      } else {
        pos++;
      }
    }
    out.add(JsTokens.Kind.STRING, start, Math.min(pos, src.length()));
  }

  /** Lexes a template chunk starting after a backtick or a substitution's closing brace. */
  private void template(int chunkStart) {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == '\\') {
        pos += 2;
      } else if (c == '`') {
        out.add(JsTokens.Kind.TEMPLATE, chunkStart, pos);
        pos++;
        return;
      } else if (c == '$' && peek(1) == '{') {
        out.add(JsTokens.Kind.TEMPLATE, chunkStart, pos);
        out.add(JsTokens.Kind.PUNCT, pos, pos + 2);
        pos += 2;
        templateDepths.addLast(new int[] {0});
        return;
      } else {
        pos++;
      }
    }
    out.add(JsTokens.Kind.TEMPLATE, chunkStart, src.length()); // unterminated
  }

  private void identifier() {
    int start = pos;
    if (src.charAt(pos) == '#') {
      pos++; // a private name
    }
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == '\\' && peek(1) == 'u') {
        pos += 2; // \\uXXXX or \\u{...} escape inside an identifier
        if (pos < src.length() && src.charAt(pos) == '{') {
          int close = src.indexOf('}', pos);
          pos = close < 0 ? src.length() : close + 1;
        } else {
          pos = Math.min(pos + 4, src.length());
        }
      } else if (isIdentPart(c)) {
        pos++;
      } else {
        break;
      }
    }
    if (pos == start) {
      pos++; // a lone backslash: skip it rather than loop
      return;
    }
    out.add(JsTokens.Kind.IDENT, start, pos);
  }

  private void number() {
    int start = pos;
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (isIdentPart(c) || c == '.') {
        pos++;
      } else if ((c == '+' || c == '-') && (src.charAt(pos - 1) == 'e' || src.charAt(pos - 1) == 'E')
          && !src.startsWith("0x", start) && !src.startsWith("0X", start)) {
        pos++;
      } else {
        break;
      }
    }
    out.add(JsTokens.Kind.NUMBER, start, pos);
  }

  private void regexOrSlash() {
    int start = pos;
    int i = pos + 1;
    boolean inClass = false;
    while (i < src.length()) {
      char c = src.charAt(i);
      if (c == '\n' || c == '\r') {
        break; // not a regex after all: a regex never spans lines
      }
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == '[') {
        inClass = true;
      } else if (c == ']') {
        inClass = false;
      } else if (c == '/' && !inClass) {
        i++;
        while (i < src.length() && isIdentPart(src.charAt(i))) {
          i++; // flags
        }
        out.add(JsTokens.Kind.REGEX, start, i);
        pos = i;
        return;
      }
      i++;
    }
    punctuator();
  }

  private void punctuator() {
    for (String p : PUNCTUATORS) {
      if (src.startsWith(p, pos)) {
        out.add(JsTokens.Kind.PUNCT, pos, pos + p.length());
        pos += p.length();
        return;
      }
    }
    char c = src.charAt(pos);
    if (!templateDepths.isEmpty()) {
      if (c == '{') {
        templateDepths.peekLast()[0]++;
      } else if (c == '}') {
        templateDepths.peekLast()[0]--;
      }
    }
    out.add(JsTokens.Kind.PUNCT, pos, pos + 1);
    pos++;
  }

  private boolean regexAllowed() {
    int last = out.size() - 1;
    if (last < 0) {
      return true;
    }
    switch (out.kind(last)) {
      case NUMBER:
      case STRING:
      case TEMPLATE:
      case REGEX:
        return false;
      case IDENT:
        return REGEX_AFTER_KEYWORD.contains(out.text(last));
      default:
        String p = out.text(last);
        // After a closing bracket a value ended, so '/' divides; `}` is ambiguous and division is the
        // common case in minified code (`{...}/2` never occurs, but `x}/y` inside templates does).
        return !(p.equals(")") || p.equals("]") || p.equals("}"));
    }
  }

  private char peek(int ahead) {
    int i = pos + ahead;
    return i < src.length() ? src.charAt(i) : '\0';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isIdentStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '$' || c == '_'
        || (c > 127 && Character.isLetter(c));
  }

  static boolean isIdentPart(char c) {
    return isIdentStart(c) || isDigit(c) || c == '\u200c' || c == '\u200d'
        || (c > 127 && Character.isLetterOrDigit(c));
  }
}
