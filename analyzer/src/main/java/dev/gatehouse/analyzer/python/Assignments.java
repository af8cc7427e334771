package dev.gatehouse.analyzer.python;

import dev.gatehouse.analyzer.python.Expressions.Chain;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Assignments in scanned code, and what they make a name hold: an alias of something imported ({@code run
 * = subprocess.run}, {@code m = __import__("os")}), known facts ({@code env = dict(os.environ)}, {@code
 * p = base64.b64decode(x)}), a dict or list literal a later {@code setup()} call names, or an unknown
 * value that shadows what the name meant before.
 */
final class Assignments {
  private final ScopeScanner s;

  Assignments(ScopeScanner scanner) {
    this.s = scanner;
  }

  /** Scans a simple statement; for {@code a = b = value}, binds each target to what value holds. */
  void assignment(List<PythonToken> t) {
    List<Integer> equals = new ArrayList<>();
    int brackets = 0;
    for (int i = 0; i < t.size(); i++) {
      PythonToken k = t.get(i);
      if (k.kind() != PythonToken.Kind.OP && !k.is("lambda")) {
        continue;
      }
      if (k.is("lambda") && brackets == 0) {
        break; // `f = lambda x=1: x`: the `=` after lambda is a default value
      }
      switch (k.text()) {
        case "(", "[", "{" -> brackets++;
        case ")", "]", "}" -> brackets--;
        case "=" -> {
          if (brackets == 0) {
            equals.add(i);
          }
        }
        default -> { }
      }
    }
    s.scan(t, 0, t.size());
    if (equals.isEmpty()) {
      augmented(t);
      return;
    }
    int valueFrom = equals.get(equals.size() - 1) + 1;
    int targetFrom = 0;
    for (int eq : equals) {
      target(t, targetFrom, eq, valueFrom);
      targetFrom = eq + 1;
    }
  }

  /** {@code path += "\\Local Storage"}: the name keeps what it held and gains what is added. */
  private void augmented(List<PythonToken> t) {
    if (t.size() < 3 || !t.get(0).isName() || t.get(1).kind() != PythonToken.Kind.OP || !t.get(1).text().endsWith("=")
        || t.get(1).text().length() < 2 || t.get(1).is("==") || t.get(1).is("!=") || t.get(1).is("<=")
        || t.get(1).is(">=")) {
      return;
    }
    String name = t.get(0).text();
    ValueFacts added = s.inspector.inspect(t, 2, t.size(), s.scope);
    ValueFacts held = s.scope.valueOf(name);
    if (added.isEmpty() && held == null) {
      return;
    }
    EnumSet<ValueFacts.Fact> facts = EnumSet.noneOf(ValueFacts.Fact.class);
    facts.addAll(added.facts());
    if (held != null) {
      facts.addAll(held.facts());
    }
    facts.remove(ValueFacts.Fact.OWN_PATH);
    facts.remove(ValueFacts.Fact.FILE);
    s.scope.value(name, new ValueFacts(facts, null, held != null ? held.decoded() : added.decoded(),
        Math.max(added.layers(), held == null ? 0 : held.layers()),
        added.credential() != null ? added.credential() : held == null ? null : held.credential(),
        added.outOfBand() != null ? added.outOfBand() : held == null ? null : held.outOfBand(),
        held != null && held.origin() != null ? held.origin() : added.origin()));
  }

  private void target(List<PythonToken> t, int from, int to, int valueFrom) {
    if (to - from == 1 && t.get(from).isName()) {
      bind(t.get(from).text(), t, valueFrom, t.size());
    } else if (to - from >= 3 && t.get(from).isName() && t.get(from + 1).is(":")) {
      bind(t.get(from).text(), t, valueFrom, t.size()); // x: int = value
    } else if (to - from == 4 && t.get(from).isName() && t.get(from + 1).is("[") && t.get(from + 2).isConstantString()
        && t.get(from + 3).is("]")) {
      s.scope.dictEntry(t.get(from).text(), t.get(from + 2).value(), s.className(t, valueFrom, t.size()));
    } else {
      for (int i = from; i < to; i++) {
        if (t.get(i).isName() && !Expressions.afterDot(t, i) && !Expressions.KEYWORDS.contains(t.get(i).text())
            && !(i + 1 < to && (t.get(i + 1).is(".") || t.get(i + 1).is("[")))) {
          s.scope.local(t.get(i).text());
        }
      }
    }
  }

  /** Binds {@code name} to what tokens {@code [from, to)} hold: an alias, a known value, or an unknown local. */
  void bind(String name, List<PythonToken> t, int from, int to) {
    int operand = lastOperand(t, from, to);
    if (Expressions.chainStart(t, operand)) {
      Chain chain = Expressions.chain(t, operand, to, s.scope);
      if (chain.end() == to && chain.qualified() != null && chain.value() == null
          && !Inspector.environmentWhole(t, chain, to)) {
        s.scope.alias(name, chain.qualified());
        return;
      }
    }
    if (from < to && t.get(from).is("{")) {
      dictLiteral(name, t, from, Expressions.close(t, from, to));
    } else if (from < to && (t.get(from).is("[") || t.get(from).is("("))) {
      int close = Expressions.close(t, from, to);
      List<String> strings = new ArrayList<>();
      for (int[] item : Expressions.split(t, from + 1, close)) {
        if (Expressions.onlyStrings(t, item[0], item[1])) {
          strings.add(Expressions.strings(t, item[0], item[1]));
        }
      }
      s.scope.list(name, strings);
    }
    ValueFacts facts = s.inspector.inspect(t, from, to, s.scope);
    FoldedText text = FoldedText.of(t, from, to, s.scope);
    if (facts.isEmpty()) {
      s.scope.local(name);
    } else {
      s.scope.value(name, facts);
    }
    if (text != null) {
      s.scope.constant(name, text);
    }
  }

  /** For {@code x = a and __import__("m")} (namespace-package {@code .pth} lines), the last operand. */
  private static int lastOperand(List<PythonToken> t, int from, int to) {
    int last = from;
    int brackets = 0;
    for (int i = from; i < to; i++) {
      PythonToken k = t.get(i);
      if (k.is("(") || k.is("[") || k.is("{")) {
        brackets++;
      } else if (k.is(")") || k.is("]") || k.is("}")) {
        brackets--;
      } else if (brackets == 0 && (k.is("and") || k.is("or"))) {
        last = i + 1;
      }
    }
    return last;
  }

  private void dictLiteral(String name, List<PythonToken> t, int open, int close) {
    s.scope.table(name, SetupCall.table(t, open, close));
    for (int[] entry : Expressions.split(t, open + 1, close)) {
      if (entry[1] - entry[0] >= 3 && t.get(entry[0]).isConstantString() && t.get(entry[0] + 1).is(":")) {
        s.scope.dictEntry(name, t.get(entry[0]).value(), s.className(t, entry[0] + 2, entry[1]));
      }
    }
  }

}
