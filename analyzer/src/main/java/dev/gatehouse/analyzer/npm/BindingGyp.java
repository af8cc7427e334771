package dev.gatehouse.analyzer.npm;

import java.util.ArrayList;
import java.util.List;

/**
 * The commands a {@code binding.gyp} makes node-gyp run: the argv of every {@code action}, and every
 * command expansion {@code <!(...)} / {@code <!@(...)} (which gyp runs while it configures, usually to
 * ask {@code node -p} where a header lives). A gyp file is a Python literal: {@code #} comments, single
 * or double quotes, trailing commas; it is read with a small lexer of its own, never evaluated.
 */
final class BindingGyp {
  /** Most commands taken from one gyp file. */
  static final int MAX_COMMANDS = 256;

  private BindingGyp() {}

  /** The word that stands for a gyp variable such as {@code <(os_linux_compiler)} in a command. */
  static final String VARIABLE = "gyp-variable";

  /**
   * Replaces gyp's {@code <(name)}, {@code <@(name)} and {@code >(name)} with {@link #VARIABLE}: they are
   * node-gyp's own settings (the compiler it already runs, its inputs), and a shell would read their
   * {@code <} as a redirection.
   */
  static String withoutVariables(String command) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      int paren = (c == '<' || c == '>') && i + 1 < command.length() && command.charAt(i + 1) == '(' ? i + 1
          : c == '<' && command.startsWith("<@(", i) ? i + 2 : -1;
      int close = paren < 0 ? -1 : command.indexOf(')', paren);
      if (close > 0) {
        out.append(VARIABLE);
        i = close;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  static List<String> commands(String text) {
    List<String> strings = new ArrayList<>();
    List<Integer> depths = new ArrayList<>();
    int depth = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '#') {
        while (i < text.length() && text.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '\'' || c == '"') {
        StringBuilder b = new StringBuilder();
        int j = i + 1;
        while (j < text.length() && text.charAt(j) != c) {
          if (text.charAt(j) == '\\' && j + 1 < text.length()) {
            j++;
          }
          b.append(text.charAt(j++));
        }
        strings.add(b.toString());
        depths.add(depth);
        i = j;
      } else if (c == '[' || c == '{' || c == '(') {
        depth++;
      } else if (c == ']' || c == '}' || c == ')') {
        depth--;
      }
    }
    List<String> commands = new ArrayList<>();
    for (int k = 0; k < strings.size() && commands.size() < MAX_COMMANDS; k++) {
      String s = strings.get(k);
      if (s.startsWith("<!(") || s.startsWith("<!@(")) {
        int open = s.indexOf('(');
        int close = s.lastIndexOf(')');
        commands.add(withoutVariables(s.substring(open + 1, close > open ? close : s.length())));
      } else if (s.equals("action") && k + 1 < strings.size()) {
        // 'action': ['python', 'gen.py', '<@(_inputs)']: the argv are the strings one level deeper
        StringBuilder argv = new StringBuilder();
        int level = depths.get(k) + 1;
        int j = k + 1;
        while (j < strings.size() && depths.get(j) == level) {
          String word = strings.get(j);
          argv.append(argv.length() == 0 ? "" : " ").append(word.contains(" ") ? "'" + word + "'" : word);
          j++;
        }
        if (argv.length() > 0) {
          commands.add(withoutVariables(argv.toString()));
        }
        k = j - 1;
      }
    }
    return commands;
  }
}
