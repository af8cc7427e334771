package dev.gatehouse.config;

/**
 * A user's text as it appears in an error message: in double quotes, with quotes, backslashes and control
 * characters escaped so that the message stays on one line, and cut short when it is long.
 */
final class Quoted {
  /** Longest text repeated in a message; a value that long is wrong for a reason its start shows. */
  static final int MAX_SHOWN = 80;

  private Quoted() {}

  static String of(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    int shown = Math.min(text.length(), MAX_SHOWN);
    for (int i = 0; i < shown; i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        quoted.append('\\').append(c);
      } else if (c == '\n') {
        quoted.append("\\n");
      } else if (c == '\t') {
        quoted.append("\\t");
      } else if (Character.isISOControl(c)) {
        quoted.append(String.format("\\u%04x", (int) c));
      } else {
        quoted.append(c);
      }
    }
    return quoted.append(text.length() > shown ? "…\"" : "\"").toString();
  }
}
