package dev.gatehouse.analyzer.npm;

import java.util.Arrays;

/**
 * The tokens of one JavaScript source, stored as parallel arrays rather than one object per token:
 * entry files of popular packages (yarn 1's cli.js is one) have close to a million tokens. Line numbers
 * are derived from the offsets when asked for, rather than stored per token.
 */
final class JsTokens {
  enum Kind { IDENT, STRING, TEMPLATE, NUMBER, REGEX, PUNCT }

  private static final Kind[] KINDS = Kind.values();

  private final String src;
  private final int maxTokens;
  private byte[] kinds;
  private int[] starts;
  private int[] ends;
  private int size;
  private boolean truncated;
  /** Offsets where each line after the first starts, built on the first {@link #line} call. */
  private int[] lineStarts;

  /**
   * Tokens of {@code src}, at most {@code maxTokens} of them. Storage starts at a size guessed from the
   * source's length and never grows past {@code maxTokens}: nine bytes a token, so that a one-line file of
   * 15 MB cannot take more memory than its budget allows.
   */
  JsTokens(String src, long maxTokens) {
    this.src = src;
    this.maxTokens = (int) Math.min(Math.max(maxTokens, 0), Integer.MAX_VALUE - 8);
    int capacity = (int) Math.max(16, Math.min(this.maxTokens, src.length() / 4L + 16));
    kinds = new byte[capacity];
    starts = new int[capacity];
    ends = new int[capacity];
  }

  void add(Kind kind, int start, int end) {
    if (size == kinds.length) {
      int capacity = (int) Math.min(Math.max(maxTokens, size + 1), size + (size >> 1) + 16L);
      kinds = Arrays.copyOf(kinds, capacity);
      starts = Arrays.copyOf(starts, capacity);
      ends = Arrays.copyOf(ends, capacity);
    }
    kinds[size] = (byte) kind.ordinal();
    starts[size] = start;
    ends[size] = end;
    size++;
  }

  void truncate() {
    truncated = true;
  }

  /** True when the source had more tokens than the tokenizer was allowed to produce. */
  boolean truncated() {
    return truncated;
  }

  String source() {
    return src;
  }

  int size() {
    return size;
  }

  Kind kind(int i) {
    return KINDS[kinds[i]];
  }

  /** The 1-based line of token {@code i}'s first character; LF, CR, CRLF, U+2028 and U+2029 end lines. */
  int line(int i) {
    if (lineStarts == null) {
      lineStarts = lineStarts(src);
    }
    int found = Arrays.binarySearch(lineStarts, starts[i]);
    return (found >= 0 ? found + 1 : -found - 1) + 1;
  }

  private static int[] lineStarts(String src) {
    int[] out = new int[16];
    int n = 0;
    for (int i = 0; i < src.length(); i++) {
      char c = src.charAt(i);
      boolean ends = c == '\n' || c == '\u2028' || c == '\u2029'
          || (c == '\r' && (i + 1 >= src.length() || src.charAt(i + 1) != '\n'));
      if (ends) {
        if (n == out.length) {
          out = Arrays.copyOf(out, n * 2);
        }
        out[n++] = i + 1;
      }
    }
    return Arrays.copyOf(out, n);
  }

  int start(int i) {
    return starts[i];
  }

  int end(int i) {
    return ends[i];
  }

  /** The token's source text, quotes and all. */
  String text(int i) {
    return src.substring(starts[i], ends[i]);
  }

  /** True when token {@code i} exists and its source text is exactly {@code text}. */
  boolean is(int i, String text) {
    return i >= 0 && i < size && ends[i] - starts[i] == text.length() && src.startsWith(text, starts[i]);
  }

  boolean isIdent(int i) {
    return i >= 0 && i < size && kinds[i] == Kind.IDENT.ordinal();
  }

  /** A string or a template chunk: text the program holds, not code. */
  boolean isText(int i) {
    return i >= 0 && i < size && (kinds[i] == Kind.STRING.ordinal() || kinds[i] == Kind.TEMPLATE.ordinal());
  }

  boolean isString(int i) {
    return i >= 0 && i < size && kinds[i] == Kind.STRING.ordinal();
  }

  /** The value of a string or template chunk with its escapes decoded; empty for other tokens. */
  String value(int i) {
    if (!isText(i)) {
      return "";
    }
    int from = starts[i];
    int to = ends[i];
    if (kinds[i] == Kind.STRING.ordinal()) {
      from++;
      if (to - 1 >= from && to > starts[i] + 1 && src.charAt(to - 1) == src.charAt(starts[i])) {
        to--;
      }
    }
    return unescape(src, from, Math.max(from, to));
  }

  /** The source line holding token {@code i}, cut to a window around the token for minified files. */
  String excerpt(int i) {
    int lineStart = src.lastIndexOf('\n', starts[i]) + 1;
    int lineEnd = src.indexOf('\n', starts[i]);
    if (lineEnd < 0) {
      lineEnd = src.length();
    }
    int from = Math.max(lineStart, starts[i] - 60);
    int to = Math.min(lineEnd, Math.max(ends[i], starts[i]) + 100);
    return (from > lineStart ? "…" : "") + src.substring(from, Math.max(from, to)).strip()
        + (to < lineEnd ? "…" : "");
  }

  static String unescape(String s, int from, int to) {
    StringBuilder b = new StringBuilder(to - from);
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 >= to) {
        b.append(c);
        continue;
      }
      char e = s.charAt(++i);
      switch (e) {
        case 'n': b.append('\n'); break;
        case 't': b.append('\t'); break;
        case 'r': b.append('\r'); break;
        case 'b': b.append('\b'); break;
        case 'f': b.append('\f'); break;
        case 'v': b.append('\u000b'); break;
        case '0': b.append('\0'); break;
        case '\n': break; // line continuation
        case 'x':
          i = hex(s, i + 1, Math.min(i + 3, to), b, i);
          break;
        case 'u':
          if (i + 1 < to && s.charAt(i + 1) == '{') {
            int close = s.indexOf('}', i);
            i = close < 0 || close >= to ? to - 1 : hex(s, i + 2, close, b, i) + 1;
          } else {
            i = hex(s, i + 1, Math.min(i + 5, to), b, i);
          }
          break;
        default: b.append(e);
      }
    }
    return b.toString();
  }

  /** Appends the code point written in hex at [from, to) and returns the index of its last digit. */
  private static int hex(String s, int from, int to, StringBuilder b, int fallback) {
    try {
      b.appendCodePoint(Integer.parseInt(s.substring(from, to), 16));
      return to - 1;
    } catch (IllegalArgumentException notHex) {
      return fallback;
    }
  }
}
