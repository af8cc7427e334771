package dev.gatehouse.analyzer.python;

import dev.gatehouse.analyzer.python.PythonToken.Kind;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The tokens of one source file, stored as parallel arrays (kind and flags, start offset, end offset,
 * line, string value) with names, numbers and operators sliced from the source on demand, and columns
 * computed from the offsets. A {@link PythonToken} object costs about 100 bytes, this about 19:
 * a 1 MB one-line file of a million one-character tokens then fits in a small heap. Past {@link
 * #BUILT_TOKENS}, {@link #get} builds a short-lived token each time; {@link #subList} is a view that shares the
 * arrays, so statements cut from a file copy nothing. Immutable once built; safe to read from any thread.
 */
final class TokenList extends AbstractList<PythonToken> implements RandomAccess {
  private static final Kind[] KINDS = Kind.values();
  private static final int KIND_MASK = 0x0f;
  private static final int TRIPLE = 0x10;
  private static final int FORMATTED = 0x20;
  /** Bits 6 and 7: the length of a string's prefix ({@code rb}, {@code f}), at most 2. */
  private static final int PREFIX_SHIFT = 6;

  /**
   * Files with at most this many tokens (nearly all source files; about 5 MB of objects) keep their tokens
   * as objects, which the analysis reads many times over; larger ones build each token when it is read.
   */
  static final int BUILT_TOKENS = 50_000;

  private final Store store;
  private final int offset;
  private final int size;

  private TokenList(Store store, int offset, int size) {
    this.store = store;
    this.offset = offset;
    this.size = size;
  }

  @Override
  public PythonToken get(int index) {
    Objects.checkIndex(index, size);
    PythonToken[] built = store.built;
    return built != null ? built[offset + index] : store.token(offset + index);
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public List<PythonToken> subList(int from, int to) {
    Objects.checkFromToIndex(from, to, size);
    return new TokenList(store, offset + from, to - from);
  }

  /** A string literal's decoded value and, for f-strings, the source of its fields. */
  private record Literal(String value, List<String> fields) {}

  private static final class Store {
    final String src;
    byte[] kinds;
    int[] starts;
    int[] ends;
    int[] lines;
    /** Blanks before each token on its line ({@link PythonToken#gap()}), saturating at 65,535. */
    char[] gaps;
    /** For strings: the value (a String) or a {@link Literal}; null for other tokens. */
    Object[] literals;
    /** The offset where each physical line starts, by line number (index 0 unused). */
    int[] lineStarts = new int[64];
    int lastLine;
    int size;
    /** The tokens as objects, for files of at most {@link #BUILT_TOKENS} tokens; null for larger ones. */
    PythonToken[] built;

    Store(String src, int capacity) {
      this.src = src;
      kinds = new byte[capacity];
      starts = new int[capacity];
      ends = new int[capacity];
      lines = new int[capacity];
      gaps = new char[capacity];
      literals = new Object[capacity];
    }

    PythonToken token(int i) {
      int flags = kinds[i] & 0xff;
      Kind kind = KINDS[flags & KIND_MASK];
      int line = lines[i];
      int column = Math.max(0, starts[i] - lineStart(line));
      if (kind == Kind.STRING) {
        int prefix = flags >>> PREFIX_SHIFT;
        String shown = src.substring(starts[i], starts[i] + prefix) + ((flags & TRIPLE) != 0 ? "\"\"\"" : "\"");
        Object literal = literals[i];
        boolean formatted = (flags & FORMATTED) != 0;
        if (literal instanceof Literal l) {
          return new PythonToken(kind, shown, line, column, gaps[i], l.value(), l.fields(), formatted);
        }
        return new PythonToken(kind, shown, line, column, gaps[i], (String) literal, List.of(), formatted);
      }
      return switch (kind) {
        case NAME, NUMBER, OP -> PythonToken.of(kind, src.substring(starts[i], ends[i]), line, column, gaps[i]);
        default -> PythonToken.of(kind, "", line, column, 0);
      };
    }

    private int lineStart(int line) {
      return line > 0 && line <= lastLine ? lineStarts[line] : 0;
    }

    private static boolean real(Kind kind) {
      return kind == Kind.NAME || kind == Kind.NUMBER || kind == Kind.OP || kind == Kind.STRING;
    }

    /** Blanks between the previous real token and token {@code i} when nothing but blanks lies between. */
    private int gap(int i) {
      if (!real(KINDS[kinds[i] & KIND_MASK])) {
        return 0;
      }
      int p = i - 1;
      while (p >= 0 && !real(KINDS[kinds[p] & KIND_MASK])) {
        p--;
      }
      if (p < 0) {
        return 0;
      }
      for (int c = ends[p]; c < starts[i]; c++) {
        char ch = src.charAt(c);
        if (ch == '\n' || ch == '\r') {
          return 0;
        }
      }
      return starts[i] - ends[p];
    }

    void add(int flags, int start, int end, int line, int lineStart, Object literal) {
      if (size == kinds.length) {
        int capacity = size + (size >> 1) + 16;
        kinds = Arrays.copyOf(kinds, capacity);
        starts = Arrays.copyOf(starts, capacity);
        ends = Arrays.copyOf(ends, capacity);
        lines = Arrays.copyOf(lines, capacity);
        gaps = Arrays.copyOf(gaps, capacity);
        literals = Arrays.copyOf(literals, capacity);
      }
      while (lastLine < line) {
        lastLine++;
        if (lastLine == lineStarts.length) {
          lineStarts = Arrays.copyOf(lineStarts, lastLine + (lastLine >> 1) + 16);
        }
        lineStarts[lastLine] = lineStart; // lines without tokens (blank, comments) are never asked for
      }
      kinds[size] = (byte) flags;
      starts[size] = start;
      ends[size] = end;
      lines[size] = line;
      literals[size] = literal;
      gaps[size] = (char) Math.min(gap(size), Character.MAX_VALUE);
      size++;
    }
  }

  /** Collects the tokens of {@code src} as the tokenizer reads them; not thread-safe. */
  static final class Builder {
    private final Store store;

    /**
     * A builder for the tokens of {@code src}, of which the tokenizer reads at most {@code maxTokens} + 1.
     * The arrays are sized once from the source: every token but a DEDENT takes at least one character,
     * and DEDENTs are fewer than the INDENTs before them, so growing (and holding two copies at once, the
     * peak that a small heap cannot afford) is rare.
     */
    Builder(String src, int maxTokens) {
      long bound = Math.min((long) src.length() + 16, (long) maxTokens + 2);
      this.store = new Store(src, (int) Math.max(16, Math.min(bound, Integer.MAX_VALUE - 8)));
    }

    int size() {
      return store.size;
    }

    /** The kind of the last token, or null when there is none. */
    Kind lastKind() {
      return store.size == 0 ? null : KINDS[store.kinds[store.size - 1] & KIND_MASK];
    }

    /**
     * A name, number or operator, whose text is {@code src[start, end)}; other kinds have empty text.
     * {@code lineStart} is the offset where {@code line} starts.
     */
    void add(Kind kind, int start, int end, int line, int lineStart) {
      store.add(kind.ordinal(), start, end, line, lineStart, null);
    }

    /**
     * A string literal at {@code src[start, end)} with a prefix of {@code prefix} characters (at most 2),
     * starting on {@code line}, which starts at offset {@code lineStart}.
     *
     * @param value the decoded literal text
     * @param fields for f-strings, the source of each replacement field
     */
    void string(int start, int end, int prefix, boolean triple, boolean formatted, int line, int lineStart,
        String value, List<String> fields) {
      int flags = Kind.STRING.ordinal() | (triple ? TRIPLE : 0) | (formatted ? FORMATTED : 0)
          | (Math.min(prefix, 3) << PREFIX_SHIFT);
      Object literal = fields.isEmpty() ? (value.isEmpty() ? "" : value) : new Literal(value, List.copyOf(fields));
      store.add(flags, start, end, line, lineStart, literal);
    }

    TokenList build() {
      if (store.size <= BUILT_TOKENS) {
        PythonToken[] built = new PythonToken[store.size];
        for (int i = 0; i < built.length; i++) {
          built[i] = store.token(i);
        }
        store.built = built;
      }
      return new TokenList(store, 0, store.size);
    }
  }
}
