package dev.gatehouse.analyzer.python;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reading of expressions from token ranges: matching brackets, call arguments, literals, and dotted
 * names resolved in a {@link Scope} ({@link Chain}). Ranges are half-open {@code [from, to)}.
 */
final class Expressions {
  static final Set<String> KEYWORDS = Set.of(
      "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
      "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
      "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield");

  /** Expressions nested deeper than this ({@code getattr(getattr(...))}, decoders) are not read further. */
  static final int MAX_NESTING = 16;

  private Expressions() {}

  /**
   * A dotted name such as {@code os.environ.items} or {@code __import__("os").system}, and what it
   * refers to.
   *
   * @param start index of its first token
   * @param end index just past its last token (the name, or the {@code )} of an import call)
   * @param parts the names, head first; for {@code __import__("a.b").c}, {@code a} and {@code c}
   * @param qualified the fully qualified name, or null when the head is a local or unknown
   * @param value what the head holds when it is a local of known value; else null
   * @param assembled whether a name in it was looked up from pieces ({@code getattr(m, "sys" + "tem")},
   *     {@code __import__("".join(...))}) rather than written: a name hidden on purpose
   */
  record Chain(int start, int end, List<String> parts, String qualified, ValueFacts value, boolean assembled) {
    String last() {
      return parts.get(parts.size() - 1);
    }

    boolean callsAt(List<PythonToken> t, int limit) {
      return end < limit && t.get(end).is("(");
    }
  }

  /** The index of the bracket closing the one at {@code open}, or {@code to} when it is unclosed. */
  static int close(List<PythonToken> t, int open, int to) {
    int depth = 0;
    for (int i = open; i < to; i++) {
      PythonToken k = t.get(i);
      if (k.kind() != PythonToken.Kind.OP) {
        continue;
      }
      switch (k.text()) {
        case "(", "[", "{" -> depth++;
        case ")", "]", "}" -> {
          depth--;
          if (depth == 0) {
            return i;
          }
        }
        default -> { }
      }
    }
    return to;
  }

  /** Splits {@code [from, to)} at commas outside brackets: the arguments of a call. */
  static List<int[]> split(List<PythonToken> t, int from, int to) {
    List<int[]> parts = new ArrayList<>();
    int depth = 0;
    int start = from;
    for (int i = from; i < to; i++) {
      PythonToken k = t.get(i);
      if (k.kind() == PythonToken.Kind.OP) {
        switch (k.text()) {
          case "(", "[", "{" -> depth++;
          case ")", "]", "}" -> depth--;
          case "," -> {
            if (depth == 0) {
              if (i > start) {
                parts.add(new int[] {start, i});
              }
              start = i + 1;
            }
          }
          default -> { }
        }
      }
    }
    if (to > start) {
      parts.add(new int[] {start, to});
    }
    return parts;
  }

  /** The keyword of a {@code name=value} argument, or null for a positional one. */
  static String keyword(List<PythonToken> t, int[] arg) {
    return arg[1] - arg[0] >= 2 && t.get(arg[0]).isName() && t.get(arg[0] + 1).is("=") ? t.get(arg[0]).text() : null;
  }

  /** The value part of an argument: after {@code name=} for a keyword argument. */
  static int[] value(List<PythonToken> t, int[] arg) {
    return keyword(t, arg) != null ? new int[] {arg[0] + 2, arg[1]} : arg;
  }

  /** The positional argument at {@code index}, or null. */
  static int[] positional(List<PythonToken> t, List<int[]> args, int index) {
    int seen = 0;
    for (int[] arg : args) {
      if (keyword(t, arg) == null && !t.get(arg[0]).is("*") && !t.get(arg[0]).is("**")) {
        if (seen++ == index) {
          return arg;
        }
      }
    }
    return null;
  }

  /** The argument named {@code name}, or the positional one at {@code index}; null when absent. */
  static int[] argument(List<PythonToken> t, List<int[]> args, int index, String name) {
    for (int[] arg : args) {
      if (name.equals(keyword(t, arg))) {
        return value(t, arg);
      }
    }
    return positional(t, args, index);
  }

  /** True when {@code [from, to)} is one or more adjacent plain string literals and nothing else. */
  static boolean onlyStrings(List<PythonToken> t, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (!t.get(i).isConstantString()) {
        return false;
      }
    }
    return true;
  }

  /** The concatenated value of adjacent string literals in {@code [from, to)}. */
  static String strings(List<PythonToken> t, int from, int to) {
    StringBuilder out = new StringBuilder();
    for (int i = from; i < to; i++) {
      out.append(t.get(i).value());
    }
    return out.toString();
  }

  static boolean afterDot(List<PythonToken> t, int i) {
    return i > 0 && t.get(i - 1).is(".");
  }

  /** True when the token at {@code i} may start a dotted name: a name, not a keyword, not after a dot. */
  static boolean chainStart(List<PythonToken> t, int i) {
    PythonToken k = t.get(i);
    return k.isName() && !KEYWORDS.contains(k.text()) && !afterDot(t, i);
  }

  /**
   * Reads the dotted name starting at {@code i} (a {@link #chainStart}), resolving its head in {@code
   * scope}. {@code __import__("m")}, {@code importlib.import_module("m")} and {@code getattr(x, "n")}
   * with literal names are read as the module or attribute they name, which is how obfuscated code
   * reaches {@code exec} without writing it.
   */
  static Chain chain(List<PythonToken> t, int i, int limit, Scope scope) {
    return chain(t, i, limit, scope, 0);
  }

  private static Chain chain(List<PythonToken> t, int i, int limit, Scope scope, int nesting) {
    String head = t.get(i).text();
    List<String> parts = new ArrayList<>();
    String qualified = scope.qualify(head);
    ValueFacts value = scope.valueOf(head);
    int j = i + 1;
    if (j < limit && t.get(j).is("(") && qualified != null) {
      int close = close(t, j, limit);
      List<int[]> args = split(t, j + 1, close);
      FoldedText first = args.isEmpty() ? null : name(t, args.get(0), scope);
      if ((qualified.equals("builtins.__import__") || qualified.equals("importlib.__import__")) && first != null) {
        String module = first.text();
        boolean fromlist = args.size() > 1;
        return extend(t, close + 1, limit,
            new ArrayList<>(List.of(fromlist ? module : module.split("\\.")[0])), scope, i, first.assembled());
      }
      FoldedText attribute = args.size() < 2 ? null : name(t, args.get(1), scope);
      if (qualified.equals("builtins.getattr") && (args.size() == 2 || args.size() == 3) && nesting < MAX_NESTING
          && attribute != null && chainStart(t, args.get(0)[0])) {
        Chain target = chain(t, args.get(0)[0], args.get(0)[1], scope, nesting + 1);
        if (target.end() == args.get(0)[1] && target.qualified() != null) {
          List<String> named = new ArrayList<>(List.of(target.qualified().split("\\.")));
          named.add(attribute.text());
          return extend(t, close + 1, limit, named, scope, i, attribute.assembled() || target.assembled());
        }
      }
    }
    parts.add(head);
    while (j + 1 < limit && t.get(j).is(".") && t.get(j + 1).isName()) {
      parts.add(t.get(j + 1).text());
      j += 2;
    }
    String full = qualified == null ? null : qualified + suffix(parts);
    if ("importlib.import_module".equals(full) && j < limit && t.get(j).is("(")) {
      int close = close(t, j, limit);
      List<int[]> args = split(t, j + 1, close);
      FoldedText module = args.isEmpty() ? null : name(t, args.get(0), scope);
      if ((args.size() == 1 || args.size() == 2) && module != null) {
        return extend(t, close + 1, limit, new ArrayList<>(List.of(module.text())), scope, i, module.assembled());
      }
    }
    return new Chain(i, j, List.copyOf(parts), full, qualified == null ? value : null, false);
  }

  /** A looked-up name: a literal, or a string expression that folds to a dotted name. */
  private static FoldedText name(List<PythonToken> t, int[] arg, Scope scope) {
    if (keyword(t, arg) != null) {
      return null;
    }
    FoldedText text = FoldedText.of(t, arg[0], arg[1], scope);
    return text != null && text.text().matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*") ? text : null;
  }

  /** Continues a chain whose head was an import call or getattr: {@code __import__("os").system}. */
  private static Chain extend(List<PythonToken> t, int j, int limit, List<String> base, Scope scope, int start,
      boolean assembled) {
    List<String> parts = new ArrayList<>(base);
    while (j + 1 < limit && t.get(j).is(".") && t.get(j + 1).isName()) {
      parts.add(t.get(j + 1).text());
      j += 2;
    }
    String qualified = String.join(".", parts);
    if (qualified.startsWith("__builtin__.") || qualified.equals("__builtin__")) {
      qualified = "builtins" + qualified.substring("__builtin__".length());
    }
    return new Chain(start, j, List.copyOf(parts), qualified, null, assembled);
  }

  private static String suffix(List<String> parts) {
    return parts.size() == 1 ? "" : "." + String.join(".", parts.subList(1, parts.size()));
  }

  /** The source line {@code line} (1-based) of {@code lines}, trimmed, or empty. */
  static String excerpt(String[] lines, int line) {
    if (line < 1 || line > lines.length) {
      return "";
    }
    String text = lines[line - 1].strip();
    return text.length() > 200 ? text.substring(0, 199) + "…" : text;
  }

  /** The tokens of an expression as short text for a finding, literals shown as {@code '…'}. */
  static String render(List<PythonToken> t, int from, int to) {
    StringBuilder out = new StringBuilder();
    for (int i = from; i < to && out.length() < 60; i++) {
      PythonToken k = t.get(i);
      String text = k.isString() ? (k.value().length() <= 24 ? "'" + k.value().replace('\n', ' ') + "'" : "'…'")
          : k.text();
      boolean glue = out.length() == 0 || k.is(".") || k.is("(") || k.is(")") || k.is("[") || k.is("]")
          || k.is(",") || (i > from && (t.get(i - 1).is(".") || t.get(i - 1).is("(") || t.get(i - 1).is("[")));
      out.append(glue ? "" : " ").append(text);
      if (k.is(",")) {
        out.append(' ');
      }
    }
    return out.length() >= 60 ? out.substring(0, 60) + "…" : out.toString();
  }
}
