package dev.gatehouse.analyzer.python;

import java.util.List;

/**
 * One statement of Python source: a simple statement, or a compound statement's header with its body.
 *
 * @param kind what the statement is
 * @param tokens a simple statement's tokens, or a compound statement's header from its keyword up to
 *     (not including) the colon that opens its body
 * @param body the statements of a compound statement's body (inline or indented); empty for simple ones
 * @param lead for a statement after a semicolon, the blanks around that semicolon: how far right of the
 *     code before it on the same line this statement was pushed; 0 otherwise
 */
record Statement(Kind kind, List<PythonToken> tokens, List<Statement> body, int lead) {

  enum Kind { SIMPLE, DEF, CLASS, IF, ELIF, ELSE, FOR, WHILE, TRY, EXCEPT, FINALLY, WITH, MATCH, CASE }

  Statement {
    // A slice of the file's compact tokens is already immutable; copying it would build every token object.
    tokens = tokens instanceof TokenList ? tokens : List.copyOf(tokens);
    body = List.copyOf(body);
  }

  Statement(Kind kind, List<PythonToken> tokens, List<Statement> body) {
    this(kind, tokens, body, 0);
  }

  int line() {
    return tokens.isEmpty() ? 0 : tokens.get(0).line();
  }

  /** The first token after an optional {@code async}: the keyword of a compound statement. */
  PythonToken keyword() {
    PythonToken first = tokens.get(0);
    return first.is("async") && tokens.size() > 1 ? tokens.get(1) : first;
  }
}
