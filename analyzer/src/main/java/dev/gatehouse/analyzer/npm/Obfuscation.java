package dev.gatehouse.analyzer.npm;

import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Recognises code written to be unreadable: the {@code _0x}-named identifiers and string tables of
 * javascript-obfuscator (the chalk/debug compromise of 2025), huge tables of opaque strings, most strings
 * spelled in {@code \x} escapes, and JSFuck. Minified code is not obfuscated: short names and long lines
 * are what minifiers produce for every popular package, so neither counts here.
 */
final class Obfuscation {
  /** Distinct {@code _0x1a2b}-style names; javascript-obfuscator output has hundreds, people write none. */
  static final int MIN_HEX_NAMES = 5;
  /** Elements of a string table; real word lists are shorter or are words. */
  static final int MIN_TABLE_STRINGS = 200;
  /** Strings spelled in escapes before "most strings are escaped" is judged. */
  static final int MIN_ESCAPED_STRINGS = 50;
  /** Consecutive {@code []()!+} tokens: JSFuck writes every character with them. */
  static final int MIN_JSFUCK_RUN = 2000;

  private Obfuscation() {}

  /** The token where obfuscation is first evident, or empty for readable or merely minified code. */
  static OptionalInt find(JsTokens t, JsStructure s) {
    Set<String> hexNames = new HashSet<>();
    int firstHex = -1;
    int strings = 0;
    int escaped = 0;
    int firstEscaped = -1;
    int run = 0;
    for (int i = 0; i < t.size(); i++) {
      if (t.isIdent(i) && isHexName(t, i)) {
        if (hexNames.add(t.text(i)) && firstHex < 0) {
          firstHex = i;
        }
        if (hexNames.size() >= MIN_HEX_NAMES) {
          return OptionalInt.of(firstHex);
        }
      } else if (t.isString(i)) {
        strings++;
        if (mostlyEscapes(t.source(), t.start(i), t.end(i))) {
          escaped++;
          firstEscaped = firstEscaped < 0 ? i : firstEscaped;
        }
      } else if (t.is(i, "[") && s.match[i] - i > 2 * MIN_TABLE_STRINGS && isOpaqueTable(t, i, s.match[i])) {
        return OptionalInt.of(i);
      }
      if (t.kind(i) == JsTokens.Kind.PUNCT && isJsFuck(t, i)) {
        if (++run >= MIN_JSFUCK_RUN) {
          return OptionalInt.of(i - run + 1);
        }
      } else {
        run = 0;
      }
    }
    if (escaped >= MIN_ESCAPED_STRINGS && escaped * 2 >= strings) {
      return OptionalInt.of(firstEscaped);
    }
    return rotation(t);
  }

  /**
   * javascript-obfuscator's string-array rotation, whatever the names are (its {@code mangled} and
   * dictionary name generators drop the {@code _0x} prefix): {@code while (!![]) { ... parseInt(...) ...
   * a['push'](a['shift']()) }}, which turns the string table until a checksum matches. {@code !![]} for
   * {@code true} is the obfuscator's idiom; minifiers write {@code !0}, and people write {@code true}.
   */
  private static OptionalInt rotation(JsTokens t) {
    if (!t.source().contains("!![]")) {
      return OptionalInt.empty(); // the obfuscator writes it without spaces; most files have none
    }
    int push = -1;
    boolean alwaysTrue = false;
    boolean parseInt = false;
    for (int i = 0; i + 8 < t.size(); i++) {
      if (t.is(i, "!") && t.is(i + 1, "!") && t.is(i + 2, "[") && t.is(i + 3, "]")) {
        alwaysTrue = true;
      } else if (t.is(i, "parseInt")) {
        parseInt = true;
      } else if (push < 0 && isRotation(t, i)) {
        push = i;
      }
    }
    return push >= 0 && alwaysTrue && parseInt ? OptionalInt.of(push) : OptionalInt.empty();
  }

  /** {@code x['push'](x['shift']())} or {@code x.push(x.shift())} at {@code i}. */
  private static boolean isRotation(JsTokens t, int i) {
    int k = i;
    if (t.is(k, "[") && t.isString(k + 1) && t.value(k + 1).equals("push") && t.is(k + 2, "]")) {
      k += 3;
    } else if (t.is(k, ".") && t.is(k + 1, "push")) {
      k += 2;
    } else {
      return false;
    }
    if (!t.is(k, "(") || !t.isIdent(k + 1)) {
      return false;
    }
    k += 2;
    if (t.is(k, "[") && t.isString(k + 1) && t.value(k + 1).equals("shift") && t.is(k + 2, "]")) {
      k += 3;
    } else if (t.is(k, ".") && t.is(k + 1, "shift")) {
      k += 2;
    } else {
      return false;
    }
    return t.is(k, "(") && t.is(k + 1, ")") && t.is(k + 2, ")");
  }

  /** A string written almost wholly in hex or unicode escapes: text hidden from a reader, not an ANSI code. */
  static boolean mostlyEscapes(String src, int from, int to) {
    int escapes = 0;
    for (int k = from; k + 1 < to; k++) {
      if (src.charAt(k) == '\\' && (src.charAt(k + 1) == 'x' || src.charAt(k + 1) == 'u')) {
        escapes++;
        k++;
      }
    }
    // each escape is 4 to 6 characters: a string that is three quarters escapes hides all its text
    return escapes >= 3 && escapes * 4 >= (to - from - 2) * 3 / 4;
  }

  private static boolean isHexName(JsTokens t, int i) {
    int len = t.end(i) - t.start(i);
    if (len < 6 || !t.source().startsWith("_0x", t.start(i))) {
      return false;
    }
    for (int k = t.start(i) + 3; k < t.end(i); k++) {
      if (Character.digit(t.source().charAt(k), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isJsFuck(JsTokens t, int i) {
    return t.is(i, "[") || t.is(i, "]") || t.is(i, "(") || t.is(i, ")") || t.is(i, "!") || t.is(i, "+");
  }

  /** An array literal of only strings, most of which look like encoded data rather than words. */
  private static boolean isOpaqueTable(JsTokens t, int open, int close) {
    int strings = 0;
    int opaque = 0;
    for (int j = open + 1; j < close; j++) {
      if (t.isString(j) && (t.is(j + 1, ",") || j + 1 == close)) {
        strings++;
        if (isOpaque(t.value(j))) {
          opaque++;
        }
        j++;
      } else {
        return false;
      }
    }
    return strings >= MIN_TABLE_STRINGS && opaque * 10 >= strings * 6;
  }

  /** Looks like base64 or scrambled text: mixed case with digits or symbols, no spaces, no vowels' rhythm. */
  static boolean isOpaque(String s) {
    if (s.length() < 6 || s.indexOf(' ') >= 0) {
      return false;
    }
    boolean upper = false;
    boolean lower = false;
    boolean digitOrSymbol = false;
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      upper |= Character.isUpperCase(c);
      lower |= Character.isLowerCase(c);
      digitOrSymbol |= Character.isDigit(c) || c == '+' || c == '/' || c == '=' || c < 32 || c > 126;
    }
    return upper && lower && digitOrSymbol;
  }
}
