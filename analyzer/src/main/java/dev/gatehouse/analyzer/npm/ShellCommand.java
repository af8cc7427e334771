package dev.gatehouse.analyzer.npm;

import java.util.ArrayList;
import java.util.List;

/**
 * A shell command line split the way {@code sh} splits it: pipelines joined by {@code && || ; &} and
 * newlines, commands joined by {@code |}, words with their quotes removed. Redirections are dropped,
 * and commands inside {@code $(...)} and backticks become pipelines of their own, because they run too.
 *
 * <p>npm runs lifecycle scripts with {@code sh -c} (or {@code cmd /d /s /c} on Windows); the subset here
 * is what package scripts use. It never expands variables or globs: {@code $HOME} stays a word.
 */
final class ShellCommand {
  /** One command of a pipeline: its words, and whether it reads the previous command's output. */
  record Simple(List<String> argv, boolean pipedIn) {
    Simple {
      argv = List.copyOf(argv);
    }
  }

  /** The most words, commands and nested substitutions one script line is split into. */
  static final int MAX_WORDS = 10_000;
  private static final int MAX_NESTING = 4;

  private final String src;
  private final int nesting;
  private final List<List<Simple>> pipelines = new ArrayList<>();
  private List<Simple> pipeline = new ArrayList<>();
  private List<String> argv = new ArrayList<>();
  private StringBuilder word;
  private boolean pipedIn;
  private boolean skipNextWord;
  private int words;

  private ShellCommand(String src, int nesting) {
    this.src = src;
    this.nesting = nesting;
  }

  /** The pipelines of {@code line}, in order; substitutions come before the pipeline that uses them. */
  static List<List<Simple>> parse(String line) {
    return parse(line, 0);
  }

  private static List<List<Simple>> parse(String line, int nesting) {
    ShellCommand p = new ShellCommand(line, nesting);
    p.run();
    return p.pipelines;
  }

  private void run() {
    int i = 0;
    while (i < src.length() && words < MAX_WORDS) {
      char c = src.charAt(i);
      if (c == '\'') {
        int end = src.indexOf('\'', i + 1);
        end = end < 0 ? src.length() : end;
        append(src.substring(i + 1, end));
        i = end + 1;
      } else if (c == '"') {
        i = doubleQuoted(i + 1);
      } else if (c == '\\' && i + 1 < src.length()) {
        if (src.charAt(i + 1) != '\n') {
          append(String.valueOf(src.charAt(i + 1)));
        }
        i += 2;
      } else if (c == '$' && i + 1 < src.length() && src.charAt(i + 1) == '(') {
        int end = closing(i + 1);
        substitute(src.substring(i + 2, Math.max(i + 2, end)));
        append("$(...)");
        i = end + 1;
      } else if (c == '`') {
        int end = src.indexOf('`', i + 1);
        end = end < 0 ? src.length() : end;
        substitute(src.substring(i + 1, end));
        append("$(...)");
        i = end + 1;
      } else if (c == '#' && word == null) {
        while (i < src.length() && src.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '|' && !src.startsWith("||", i)) {
        endCommand();
        pipedIn = true;
        i++;
      } else if (c == '&' && src.startsWith("&>", i)) {
        endWord();
        skipNextWord = true;
        i += 2;
      } else if (c == '&' || c == '|' || c == ';' || c == '\n' || c == '(' || c == ')') {
        endPipeline();
        i += (src.startsWith("&&", i) || src.startsWith("||", i)) ? 2 : 1;
      } else if (c == '>' || c == '<') {
        if (word != null && (word.toString().equals("1") || word.toString().equals("2"))) {
          word = null; // 2>file: the descriptor is part of the redirection
        }
        endWord();
        i++;
        while (i < src.length() && (src.charAt(i) == '>' || src.charAt(i) == '&')) {
          i++;
        }
        skipNextWord = true;
      } else if (Character.isWhitespace(c)) {
        endWord();
        i++;
      } else {
        append(String.valueOf(c));
        i++;
      }
    }
    endPipeline();
  }

  private int doubleQuoted(int i) {
    StringBuilder b = new StringBuilder();
    while (i < src.length() && src.charAt(i) != '"') {
      char c = src.charAt(i);
      if (c == '\\' && i + 1 < src.length() && "\"\\$`".indexOf(src.charAt(i + 1)) >= 0) {
        b.append(src.charAt(i + 1));
        i += 2;
      } else if (c == '$' && i + 1 < src.length() && src.charAt(i + 1) == '(') {
        int end = closing(i + 1);
        substitute(src.substring(i + 2, Math.max(i + 2, end)));
        b.append("$(...)");
        i = end + 1;
      } else {
        b.append(c);
        i++;
      }
    }
    append(b.toString());
    return i + 1;
  }

  /** The index of the parenthesis closing the one at {@code open}, quotes respected; or the end. */
  private int closing(int open) {
    int depth = 0;
    for (int i = open; i < src.length(); i++) {
      char c = src.charAt(i);
      if (c == '\'' || c == '"') {
        int end = src.indexOf(c, i + 1);
        i = end < 0 ? src.length() : end;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
    }
    return src.length();
  }

  private void substitute(String inner) {
    if (nesting < MAX_NESTING) {
      pipelines.addAll(parse(inner, nesting + 1));
    }
  }

  private void append(String text) {
    if (word == null) {
      word = new StringBuilder();
    }
    word.append(text);
  }

  private void endWord() {
    if (word == null) {
      return;
    }
    if (skipNextWord) {
      skipNextWord = false;
    } else {
      argv.add(word.toString());
      words++;
    }
    word = null;
  }

  private void endCommand() {
    endWord();
    if (!argv.isEmpty()) {
      pipeline.add(new Simple(argv, pipedIn));
    }
    argv = new ArrayList<>();
    pipedIn = false;
  }

  private void endPipeline() {
    endCommand();
    if (!pipeline.isEmpty()) {
      pipelines.add(pipeline);
    }
    pipeline = new ArrayList<>();
    skipNextWord = false;
  }
}
