package dev.gatehouse.analyzer.python;

import dev.gatehouse.analyzer.python.PythonToken.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Groups tokens into statements and blocks, so that what runs when a module is imported (top-level
 * statements, class bodies, decorators, default values) can be told apart from what runs only when a
 * function is called. It reads structure, not meaning: every token sequence gives some tree, and
 * blocks nested deeper than {@link #MAX_NESTING} are flattened rather than recursed into.
 */
final class SourceTree {
  /** Deeper blocks are read as siblings, which keeps recursion bounded on hostile input. */
  static final int MAX_NESTING = 100;

  private static final Map<String, Statement.Kind> COMPOUND = Map.ofEntries(
      Map.entry("if", Statement.Kind.IF), Map.entry("elif", Statement.Kind.ELIF),
      Map.entry("else", Statement.Kind.ELSE), Map.entry("for", Statement.Kind.FOR),
      Map.entry("while", Statement.Kind.WHILE), Map.entry("try", Statement.Kind.TRY),
      Map.entry("except", Statement.Kind.EXCEPT), Map.entry("finally", Statement.Kind.FINALLY),
      Map.entry("with", Statement.Kind.WITH), Map.entry("def", Statement.Kind.DEF),
      Map.entry("class", Statement.Kind.CLASS));

  private final List<PythonToken> tokens;
  private int i;
  private boolean tooDeep;

  private SourceTree(List<PythonToken> tokens) {
    this.tokens = tokens;
  }

  static List<Statement> parse(List<PythonToken> tokens) {
    SourceTree tree = new SourceTree(tokens);
    List<Statement> module = new ArrayList<>();
    while (tree.i < tokens.size() && tokens.get(tree.i).kind() != Kind.END) {
      module.addAll(tree.block(0)); // a stray DEDENT at top level ends block(0) early: keep reading
    }
    return module;
  }

  static List<Statement> parse(String source) {
    return parse(PythonTokenizer.tokenize(source));
  }

  /**
   * The statements of a module's source, which CPython compiles only when its blocks nest at most {@link
   * #MAX_NESTING} deep (its tokenizer's MAXINDENT: "too many levels of indentation").
   *
   * @throws Unanalyzable when they nest deeper (such a file cannot be imported, and is a file built to
   *     hurt whatever reads it), or when the source has more than {@code maxTokens} tokens
   */
  static List<Statement> parseModule(String source, int maxTokens) {
    List<PythonToken> tokens = PythonTokenizer.tokenize(source, maxTokens);
    if (tokens.size() > maxTokens) {
      throw new Unanalyzable("more than %d tokens in one file (limits.maxTokensPerFile); not analyzed".formatted(maxTokens));
    }
    SourceTree tree = new SourceTree(tokens);
    List<Statement> module = new ArrayList<>();
    while (tree.i < tree.tokens.size() && tree.tokens.get(tree.i).kind() != Kind.END) {
      module.addAll(tree.block(0));
    }
    if (tree.tooDeep) {
      throw new Unanalyzable(
          "blocks nested more than %d deep, which CPython refuses to compile (too many levels of indentation)"
              .formatted(MAX_NESTING));
    }
    return module;
  }

  /** A module past a bound of the analysis; the message says which, for the finding. */
  static final class Unanalyzable extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    Unanalyzable(String why) {
      super(why);
    }
  }

  private List<Statement> block(int nesting) {
    List<Statement> out = new ArrayList<>();
    int flattened = 0;
    while (i < tokens.size()) {
      PythonToken t = tokens.get(i);
      switch (t.kind()) {
        case END -> {
          return out;
        }
        case DEDENT -> {
          i++;
          if (flattened > 0) {
            flattened--;
          } else {
            return out;
          }
        }
        case NEWLINE -> i++;
        case INDENT -> {
          i++;
          if (nesting + 1 >= MAX_NESTING) {
            tooDeep = true;
            flattened++;
          } else {
            out.addAll(block(nesting + 1)); // an unexpected indent: its statements belong here
          }
        }
        default -> statement(out, nesting);
      }
    }
    return out;
  }

  private void statement(List<Statement> out, int nesting) {
    int end = i;
    while (end < tokens.size() && tokens.get(end).kind() != Kind.NEWLINE && tokens.get(end).kind() != Kind.END) {
      end++;
    }
    Statement.Kind kind = compoundKind(i, end);
    int colon = kind == null ? -1 : headerColon(i, end);
    if (colon < 0) {
      simple(i, end, out);
      i = skipNewline(end);
      return;
    }
    List<PythonToken> header = tokens.subList(i, colon);
    List<Statement> body = new ArrayList<>();
    if (colon + 1 < end) {
      simple(colon + 1, end, body);
      i = skipNewline(end);
    } else {
      i = skipNewline(end);
      if (i < tokens.size() && tokens.get(i).kind() == Kind.INDENT) {
        if (nesting + 1 >= MAX_NESTING) {
          // Too deep: the body is kept as siblings of its header. The INDENT is left for block(), which
          // flattens it without recursing, so that 3,000 nested blocks cannot overflow the stack.
          out.add(new Statement(kind, header, List.of()));
          return;
        }
        i++;
        body = block(nesting + 1);
      }
    }
    out.add(new Statement(kind, header, body));
  }

  private int skipNewline(int end) {
    return end < tokens.size() && tokens.get(end).kind() == Kind.NEWLINE ? end + 1 : end;
  }

  private Statement.Kind compoundKind(int start, int end) {
    PythonToken first = tokens.get(start);
    if (!first.isName()) {
      return null;
    }
    String word = first.text();
    if (word.equals("async") && start + 1 < end) {
      String next = tokens.get(start + 1).text();
      return next.equals("def") ? Statement.Kind.DEF
          : next.equals("for") ? Statement.Kind.FOR
          : next.equals("with") ? Statement.Kind.WITH : null;
    }
    Statement.Kind kind = COMPOUND.get(word);
    if (kind != null) {
      return kind;
    }
    if ((word.equals("match") || word.equals("case")) && start + 1 < end) {
      // Soft keywords (PEP 634): `match = 3`, `match.group()` and `case(x)` are ordinary code.
      PythonToken next = tokens.get(start + 1);
      boolean subject = next.kind() != Kind.OP
          || next.is("(") || next.is("[") || next.is("{") || next.is("-") || next.is("*");
      return subject ? (word.equals("match") ? Statement.Kind.MATCH : Statement.Kind.CASE) : null;
    }
    return null;
  }

  /** The colon that ends a compound header, skipping colons of brackets and lambdas; -1 if none. */
  private int headerColon(int start, int end) {
    int depth = 0;
    int lambdas = 0;
    for (int j = start + 1; j < end; j++) {
      PythonToken t = tokens.get(j);
      if (t.kind() == Kind.OP) {
        switch (t.text()) {
          case "(", "[", "{" -> depth++;
          case ")", "]", "}" -> depth = Math.max(0, depth - 1);
          case ":" -> {
            if (depth == 0) {
              if (lambdas == 0) {
                return j;
              }
              lambdas--;
            }
          }
          default -> { }
        }
      } else if (depth == 0 && t.is("lambda")) {
        lambdas++;
      }
    }
    return -1;
  }

  /** Splits tokens [start, end) on top-level semicolons into simple statements. */
  private void simple(int start, int end, List<Statement> out) {
    int depth = 0;
    int from = start;
    int lead = 0;
    for (int j = start; j <= end; j++) {
      PythonToken t = j < end ? tokens.get(j) : null;
      if (t != null && t.kind() == Kind.OP) {
        switch (t.text()) {
          case "(", "[", "{" -> depth++;
          case ")", "]", "}" -> depth = Math.max(0, depth - 1);
          default -> { }
        }
      }
      if (t == null || (depth == 0 && t.is(";"))) {
        if (j > from) {
          int pushed = from > start ? Math.max(lead, tokens.get(from).gap()) : 0;
          out.add(new Statement(Statement.Kind.SIMPLE, tokens.subList(from, j), List.of(), pushed));
        }
        lead = t == null ? 0 : t.gap();
        from = j + 1;
      }
    }
  }
}
