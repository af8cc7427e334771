package dev.gatehouse.analyzer.python;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The value of a simple string expression, worked out without running it: adjacent literals, {@code +}
 * between pieces, names bound to such a value earlier in the scope, {@code chr(115)}, {@code [::-1]},
 * {@code "".join([...])}, {@code "".join(map(chr, [...]))} and the no-op {@code .decode()}/{@code
 * .lower()}/{@code .upper()}. Droppers split the names they look up ({@code getattr(__builtins__, "ex" +
 * "ec")}, {@code __import__("o" + "s")}) so that a plain search for {@code exec} or {@code os.system}
 * misses them; folded, they are the names they spell.
 *
 * @param text the value
 * @param assembled whether a word in it was put together from pieces ({@code "o" + "s"}, character codes, a
 *     reversal, a join of fragments) rather than written; joining whole words ({@code "pkg." + "sub"}) is not
 */
record FoldedText(String text, boolean assembled) {
  /** Folded values longer than this are not names anyone looks up; folding stops. */
  static final int MAX_CHARS = 4096;

  /** The folded value of {@code [from, to)}, or null when it is not a simple string expression. */
  static FoldedText of(List<PythonToken> t, int from, int to, Scope scope) {
    return new Folder(t, scope).expression(from, to, 0);
  }

  /** A fold over one token list; returns null as soon as anything is not simple. */
  private record Folder(List<PythonToken> t, Scope scope) {
    FoldedText expression(int from, int to, int nesting) {
      if (from >= to || nesting > Expressions.MAX_NESTING) {
        return null;
      }
      StringBuilder out = new StringBuilder();
      boolean assembled = false;
      int start = from;
      int depth = 0;
      for (int i = from; i <= to; i++) {
        PythonToken k = i < to ? t.get(i) : null;
        if (k != null && k.kind() == PythonToken.Kind.OP) {
          if (k.is("(") || k.is("[") || k.is("{")) {
            depth++;
          } else if (k.is(")") || k.is("]") || k.is("}")) {
            depth--;
          }
        }
        if (k == null || (depth == 0 && k.is("+"))) {
          FoldedText term = term(start, i, nesting);
          if (term == null) {
            return null;
          }
          // "o" + "s" splits a word; "pkg." + "sub" or "v" + version joins words, as code does
          assembled |= term.assembled() || (out.length() > 0 && !term.text().isEmpty()
              && wordChar(out.charAt(out.length() - 1)) && wordChar(term.text().charAt(0)));
          out.append(term.text());
          if (out.length() > MAX_CHARS) {
            return null;
          }
          start = i + 1;
        }
      }
      return new FoldedText(out.toString(), assembled);
    }

    private static boolean wordChar(char c) {
      return Character.isLetterOrDigit(c) || c == '_';
    }

    private FoldedText term(int from, int to, int nesting) {
      if (from >= to) {
        return null;
      }
      // Trailing [::-1] and no-op method calls.
      if (to - from > 5 && t.get(to - 1).is("]") && t.get(to - 2).text().equals("1") && t.get(to - 3).is("-")
          && t.get(to - 4).is(":") && t.get(to - 5).is(":") && t.get(to - 6).is("[")) {
        FoldedText inner = term(from, to - 6, nesting + 1);
        return inner == null ? null : new FoldedText(new StringBuilder(inner.text()).reverse().toString(), true);
      }
      if (t.get(to - 1).is(")")) {
        int open = opening(from, to - 1);
        if (open > from + 1 && t.get(open - 1).isName() && t.get(open - 2).is(".")) {
          String method = t.get(open - 1).text();
          if (method.equals("decode") || method.equals("lower") || method.equals("upper") || method.equals("strip")) {
            FoldedText inner = term(from, open - 2, nesting + 1);
            if (inner == null) {
              return null;
            }
            String v = method.equals("lower") ? inner.text().toLowerCase(Locale.ROOT)
                : method.equals("upper") ? inner.text().toUpperCase(Locale.ROOT)
                : method.equals("strip") ? inner.text().strip() : inner.text();
            return new FoldedText(v, inner.assembled());
          }
          if (method.equals("join")) {
            FoldedText separator = term(from, open - 2, nesting + 1);
            return separator == null ? null : join(separator.text(), open + 1, to - 1, nesting + 1);
          }
        }
        if (open == from) {
          return expression(from + 1, to - 1, nesting + 1);
        }
        if (open == from + 1 && t.get(from).is("chr") && scope.qualify("chr") != null) {
          Integer code = number(from + 2, to - 1);
          return code == null || code < 0 || code > 0x10FFFF ? null
              : new FoldedText(new String(Character.toChars(code)), true);
        }
        return null;
      }
      if (Expressions.onlyStrings(t, from, to)) {
        return new FoldedText(Expressions.strings(t, from, to), false);
      }
      if (to - from == 1 && t.get(from).isName()) {
        return scope.constant(t.get(from).text());
      }
      return null;
    }

    /** {@code sep.join(...)} over a list or tuple of foldable items, a constant list, or {@code map(chr, [...])}. */
    private FoldedText join(String separator, int from, int to, int nesting) {
      if (from >= to) {
        return null;
      }
      List<String> items = new ArrayList<>();
      if ((t.get(from).is("[") || t.get(from).is("(")) && Expressions.close(t, from, to) == to - 1) {
        for (int[] item : Expressions.split(t, from + 1, to - 1)) {
          FoldedText v = expression(item[0], item[1], nesting + 1);
          if (v == null) {
            return null;
          }
          items.add(v.text());
        }
      } else if (t.get(from).is("map") && to - from > 4 && t.get(from + 1).is("(") && t.get(from + 2).is("chr")
          && t.get(from + 3).is(",") && Expressions.close(t, from + 1, to) == to - 1) {
        int list = from + 4;
        int end = to - 1;
        if (!(t.get(list).is("[") || t.get(list).is("(")) || Expressions.close(t, list, end) != end - 1) {
          return null;
        }
        StringBuilder chars = new StringBuilder();
        for (int[] item : Expressions.split(t, list + 1, end - 1)) {
          Integer code = number(item[0], item[1]);
          if (code == null || code < 0 || code > 0x10FFFF || chars.length() > MAX_CHARS) {
            return null;
          }
          chars.appendCodePoint(code);
        }
        return new FoldedText(chars.toString(), true);
      } else if (to - from == 1 && t.get(from).isName() && !scope.list(t.get(from).text()).isEmpty()) {
        items.addAll(scope.list(t.get(from).text()));
      } else {
        return null;
      }
      String joined = String.join(separator, items);
      return joined.length() > MAX_CHARS ? null : new FoldedText(joined, separator.isEmpty());
    }

    private Integer number(int from, int to) {
      if (to - from != 1 || t.get(from).kind() != PythonToken.Kind.NUMBER) {
        return null;
      }
      String n = t.get(from).text().replace("_", "").toLowerCase(Locale.ROOT);
      try {
        if (n.startsWith("0x")) {
          return Integer.parseInt(n.substring(2), 16);
        }
        if (n.startsWith("0o")) {
          return Integer.parseInt(n.substring(2), 8);
        }
        return Integer.parseInt(n);
      } catch (NumberFormatException notAnInt) {
        return null;
      }
    }

    /** The index of the bracket that {@code close} closes, searching back from it; {@code from - 1} if none. */
    private int opening(int from, int close) {
      int depth = 0;
      for (int i = close; i >= from; i--) {
        PythonToken k = t.get(i);
        if (k.is(")") || k.is("]") || k.is("}")) {
          depth++;
        } else if (k.is("(") || k.is("[") || k.is("{")) {
          if (--depth == 0) {
            return i;
          }
        }
      }
      return from - 1;
    }
  }
}
