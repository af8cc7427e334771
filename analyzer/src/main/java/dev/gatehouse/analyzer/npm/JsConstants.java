package dev.gatehouse.analyzer.npm;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The string values of expressions one file builds from literals, so that a name hidden by splitting it
 * is read as the name it is: {@code global['ev' + 'al']}, {@code require(m)[a]} after {@code const m =
 * 'child_' + 'process'}, {@code ['ex', 'ec'].join('')}, {@code 'lave'.split('').reverse().join('')}, {@code
 * atob('ZXZhbA==')}, {@code String.fromCharCode(101, 118, 97, 108)}. Variables count when they are
 * assigned once, per scope, to such an expression; anything else is not a constant.
 */
final class JsConstants {
  /** Longest value folded; names and module specifiers are short, and payloads are not needed whole. */
  static final int MAX_LENGTH = 4096;
  /** Variables folded inside one another before giving up: {@code a = b + c}, {@code b = d + 'x'}, ... */
  private static final int MAX_NESTED = 24;

  private final JsTokens t;
  private final JsStructure s;
  /** Where each variable assigned exactly once gets its value: {first token, last token}. */
  private final Map<String, int[]> assigned = new HashMap<>();
  /** Values folded so far; a variable is folded when first asked for, since most never are. */
  private final Map<String, String> values = new HashMap<>();
  private final Set<String> folding = new HashSet<>();

  JsConstants(JsStructure structure) {
    this.s = structure;
    this.t = structure.t;
    Set<String> reassigned = new HashSet<>();
    for (int i = 1; i + 1 < t.size(); i++) {
      if (t.is(i, "=") && t.isIdent(i - 1) && !t.is(i - 2, ".") && (t.isText(i + 1) || t.is(i + 1, "[")
          || t.is(i + 1, "(") || t.isIdent(i + 1))) {
        String key = key(i - 1);
        if (assigned.putIfAbsent(key, new int[] {i + 1, -1}) != null) {
          reassigned.add(key);
        }
      } else if ((t.is(i, "=") || t.is(i, "+=")) && t.isIdent(i - 1) && !t.is(i - 2, ".")) {
        reassigned.add(key(i - 1)); // assigned something that is not a literal expression, or appended to
      }
    }
    reassigned.forEach(assigned::remove);
  }

  /** The folded value of the variable at token {@code i}, or null. */
  private String variable(int i) {
    if (assigned.isEmpty()) {
      return null;
    }
    String key = key(i);
    if (values.containsKey(key)) {
      return values.get(key);
    }
    int[] range = assigned.get(key);
    if (range == null || !folding.add(key)) {
      return null; // not a single assignment, or defined through itself
    }
    if (range[1] < 0) {
      range[1] = s.expressionEnd(range[0]);
    }
    String value = folding.size() > MAX_NESTED ? null : of(range[0], range[1]);
    folding.remove(key);
    values.put(key, value);
    return value;
  }

  private String key(int i) {
    return s.resolve(t.text(i), i) + ":" + t.text(i);
  }

  /** The value of the lone argument of the call whose parenthesis opens at {@code open}, or null. */
  String argument(int open) {
    int close = open >= 0 && open < t.size() ? s.match[open] : -1;
    return close > open + 1 ? of(open + 1, close - 1) : null;
  }

  /** The string the tokens [from, to] evaluate to, or null when they are not built from literals alone. */
  String of(int from, int to) {
    if (from > to || from < 0 || to >= t.size()) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    int i = from;
    while (i <= to) {
      int end = termEnd(i, to);
      String term = end < 0 ? null : term(i, end);
      if (term == null) {
        return null;
      }
      out.append(term);
      if (out.length() > MAX_LENGTH) {
        return null;
      }
      i = end + 1;
      if (i <= to) {
        if (!t.is(i, "+")) {
          return null;
        }
        i++;
      }
    }
    return out.toString();
  }

  /** The last token of the term starting at {@code i}: up to the next {@code +} at this level. */
  private int termEnd(int i, int to) {
    int j = i;
    int last = -1;
    while (j <= to && !t.is(j, "+")) {
      last = s.match[j] > j ? s.match[j] : j;
      j = last + 1;
    }
    return last > to ? -1 : last;
  }

  private String term(int i, int end) {
    String base;
    int next;
    if (t.isString(i) || (t.kind(i) == JsTokens.Kind.TEMPLATE && !t.is(i + 1, "${") && !t.is(i - 1, "}"))) {
      base = t.value(i);
      next = i + 1;
    } else if (t.is(i, "(") && s.match[i] > i && s.match[i] <= end) {
      base = of(i + 1, s.match[i] - 1);
      next = s.match[i] + 1;
    } else if (t.is(i, "[") && s.match[i] > i && s.match[i] <= end) {
      return joined(i, end);
    } else if (t.is(i, "atob") && t.is(i + 1, "(") && s.match[i + 1] <= end) {
      base = decode(argument(i + 1), "base64");
      next = s.match[i + 1] + 1;
    } else if (t.is(i, "String") && t.is(i + 1, ".") && t.is(i + 2, "fromCharCode") && t.is(i + 3, "(")
        && s.match[i + 3] <= end) {
      base = charCodes(i + 3);
      next = s.match[i + 3] + 1;
    } else if (t.is(i, "Buffer") && t.is(i + 1, ".") && t.is(i + 2, "from") && t.is(i + 3, "(")
        && s.match[i + 3] <= end) {
      int close = s.match[i + 3];
      String enc = t.isString(close - 1) && t.is(close - 2, ",") ? t.value(close - 1).toLowerCase(Locale.ROOT) : "";
      base = close - 2 > i + 4 ? decode(of(i + 4, close - 3), enc) : null;
      next = close + 1;
      if (base != null && t.is(next, ".") && t.is(next + 1, "toString") && t.is(next + 2, "(")) {
        next = s.match[next + 2] + 1;
      } else {
        base = null;
      }
    } else if (t.isIdent(i) && !t.is(i - 1, ".")) {
      base = variable(i);
      next = i + 1;
    } else {
      return null;
    }
    return base == null ? null : methods(base, next, end);
  }

  /** {@code .split('').reverse().join('')}, {@code .toLowerCase()}, {@code .replace('x', '')} on a constant. */
  private String methods(String value, int i, int end) {
    String v = value;
    List<String> parts = null;
    while (i <= end) {
      if (!t.is(i, ".") || !t.isIdent(i + 1) || !t.is(i + 2, "(") || s.match[i + 2] > end) {
        return null;
      }
      int open = i + 2;
      int close = s.match[open];
      String method = t.text(i + 1);
      String arg = close == open + 1 ? "" : argument(open);
      switch (method) {
        case "split" -> {
          if (parts != null || arg == null) {
            return null;
          }
          parts = arg.isEmpty() ? v.codePoints().mapToObj(Character::toString).toList() : List.of(v.split(
              java.util.regex.Pattern.quote(arg), -1));
        }
        case "reverse" -> {
          if (parts == null) {
            return null;
          }
          parts = new java.util.ArrayList<>(parts);
          java.util.Collections.reverse(parts);
        }
        case "join" -> {
          if (parts == null) {
            return null;
          }
          v = String.join(close == open + 1 ? "," : arg == null ? "\u0000" : arg, parts);
          parts = null;
        }
        case "toLowerCase" -> v = v.toLowerCase(Locale.ROOT);
        case "toUpperCase" -> v = v.toUpperCase(Locale.ROOT);
        case "trim" -> v = v.strip();
        case "toString" -> { }
        default -> {
          return null;
        }
      }
      if (v.indexOf('\u0000') >= 0) {
        return null;
      }
      i = close + 1;
    }
    return parts == null ? v : null;
  }

  /** {@code ['ev', 'al'].join('')} and its methods. */
  private String joined(int open, int end) {
    int close = s.match[open];
    List<String> parts = new java.util.ArrayList<>();
    int j = open + 1;
    while (j < close) {
      int e = j;
      while (e < close && !t.is(e, ",")) {
        e = s.match[e] > e ? s.match[e] + 1 : e + 1;
      }
      String part = of(j, e - 1);
      if (part == null) {
        return null;
      }
      parts.add(part);
      j = e + 1;
    }
    int i = close + 1;
    if (!t.is(i, ".") || !t.is(i + 1, "join") || !t.is(i + 2, "(") || s.match[i + 2] > end) {
      return null;
    }
    String sep = s.match[i + 2] == i + 3 ? "," : argument(i + 2);
    if (sep == null) {
      return null;
    }
    return methods(String.join(sep, parts), s.match[i + 2] + 1, end);
  }

  private String charCodes(int open) {
    StringBuilder out = new StringBuilder();
    for (int j = open + 1; j < s.match[open]; j += 2) {
      if (t.kind(j) != JsTokens.Kind.NUMBER || !(t.is(j + 1, ",") || j + 1 == s.match[open])) {
        return null;
      }
      try {
        out.appendCodePoint(Integer.decode(t.text(j)));
      } catch (IllegalArgumentException notACodePoint) {
        return null;
      }
    }
    return out.toString();
  }

  private static String decode(String text, String encoding) {
    if (text == null) {
      return null;
    }
    try {
      byte[] bytes = switch (encoding) {
        case "base64" -> Base64.getMimeDecoder().decode(text);
        case "base64url" -> Base64.getUrlDecoder().decode(text);
        case "hex" -> java.util.HexFormat.of().parseHex(text);
        default -> null;
      };
      return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notEncoded) {
      return null;
    }
  }
}
