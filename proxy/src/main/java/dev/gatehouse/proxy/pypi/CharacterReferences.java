package dev.gatehouse.proxy.pypi;

import java.util.Map;

/**
 * HTML character references in index pages: decoded when read ({@code &gt;=3.8} in {@code
 * data-requires-python} is {@code >=3.8}) and written back escaped. Only the named references an index
 * page uses are known; numeric ones are decoded in full. An unknown or malformed reference stays as it is,
 * as browsers leave it.
 */
final class CharacterReferences {
  /** The longest reference looked for, {@code &#x10FFFF;} included. */
  private static final int MAX_REFERENCE = 10;
  private static final Map<String, String> NAMED =
      Map.of("amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'", "nbsp", "\u00a0");

  private CharacterReferences() {}

  static String decode(String text) {
    int amp = text.indexOf('&');
    if (amp < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int pos = 0;
    while (amp >= 0) {
      out.append(text, pos, amp);
      int semicolon = text.indexOf(';', amp);
      String replacement = null;
      if (semicolon > amp + 1 && semicolon - amp <= MAX_REFERENCE) {
        replacement = reference(text.substring(amp + 1, semicolon));
      }
      if (replacement == null) {
        out.append('&');
        pos = amp + 1;
      } else {
        out.append(replacement);
        pos = semicolon + 1;
      }
      amp = text.indexOf('&', pos);
    }
    out.append(text, pos, text.length());
    return out.toString();
  }

  private static String reference(String name) {
    if (name.startsWith("#")) {
      try {
        int code = name.startsWith("#x") || name.startsWith("#X")
            ? Integer.parseInt(name.substring(2), 16) : Integer.parseInt(name.substring(1));
        return code > 0 && Character.isValidCodePoint(code) ? new String(Character.toChars(code)) : null;
      } catch (NumberFormatException notANumber) {
        return null;
      }
    }
    return NAMED.get(name);
  }

  /** {@code text} safe inside a double- or single-quoted attribute value and in element text. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
