package dev.gatehouse.analyzer.python;

import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.python.ValueFacts.Fact;
import java.util.List;

/**
 * When code harvests the process environment: the whole of {@code os.environ} (or a copy of it) sent,
 * serialized, printed or written somewhere, or iterated without keeping only some names. Reading one
 * named variable ({@code os.environ.get("X")}, {@code os.environ["HOME"]}), testing a name ({@code "X" in
 * os.environ}), handing the environment to a child process ({@code env=os.environ}) or scanning it for a
 * library's own prefix ({@code if k.startswith("APP_")}) is not harvesting.
 */
final class EnvironmentUse {
  private final ScopeScanner s;

  EnvironmentUse(ScopeScanner scanner) {
    this.s = scanner;
  }

  /**
   * {@code for x in <iterable>} in a statement or comprehension: iterating the whole environment
   * harvests it, unless the loop keeps only some names ({@code if k.startswith("APP_")}), which is how
   * libraries read their own settings.
   *
   * @param filtered whether the loop body (for a {@code for} statement) starts by filtering on the name
   */
  void iteration(List<PythonToken> t, int forAt, int to, boolean filtered) {
    int in = -1;
    int brackets = 0;
    int end = to;
    for (int i = forAt + 1; i < to; i++) {
      PythonToken k = t.get(i);
      if (k.is("(") || k.is("[") || k.is("{")) {
        brackets++;
      } else if (k.is(")") || k.is("]") || k.is("}")) {
        if (--brackets < 0) {
          end = i;
          break;
        }
      } else if (brackets == 0 && in < 0 && k.is("in")) {
        in = i;
      } else if (brackets == 0 && in > 0 && (k.is("if") || k.is("for"))) {
        end = i;
        break;
      }
    }
    boolean keeps = filtered || (end < to && t.get(end).is("if") && filters(t, end, to)) || reduces(t, forAt);
    if (in > 0 && in + 1 < end && collection(t, in + 1, end)) {
      return; // for x in (a, os.environ, b): the loop sees the mapping itself, not its variables
    }
    if (in > 0 && in + 1 < end && !keeps && facts(t, in + 1, end).has(Fact.ENV)) {
      s.hit(Capability.ENVIRONMENT_READ, t.get(forAt).line(), "iterates over every environment variable");
    }
  }

  /**
   * True when the comprehension whose {@code for} is at {@code forAt} only tests names: its element
   * compares or matches them, or it is reduced at once by {@code any}, {@code all}, {@code len}...
   */
  private static boolean reduces(List<PythonToken> t, int forAt) {
    int depth = 0;
    for (int j = forAt - 1; j >= 0; j--) {
      PythonToken k = t.get(j);
      if (k.is(")") || k.is("]") || k.is("}")) {
        depth++;
      } else if (k.is("(") || k.is("[") || k.is("{")) {
        if (depth-- > 0) {
          continue;
        }
        if (filters(t, j + 1, forAt)) {
          return true;
        }
        return j > 0 && (t.get(j - 1).is("any") || t.get(j - 1).is("all") || t.get(j - 1).is("len")
            || t.get(j - 1).is("sum") || t.get(j - 1).is("next"));
      }
    }
    return false;
  }

  /** True when {@code [from, to)} is a literal tuple or list of several items. */
  private static boolean collection(List<PythonToken> t, int from, int to) {
    int inner = from;
    int outer = to;
    if ((t.get(from).is("(") || t.get(from).is("[")) && Expressions.close(t, from, to) == to - 1) {
      inner = from + 1;
      outer = to - 1;
    }
    return Expressions.split(t, inner, outer).size() > 1;
  }

  /** True when a condition in {@code [from, to)} selects names: startswith, endswith, a match, a comparison. */
  static boolean filters(List<PythonToken> t, int from, int to) {
    for (int i = from; i < to; i++) {
      PythonToken k = t.get(i);
      if (k.is("startswith") || k.is("endswith") || k.is("match") || k.is("fullmatch") || k.is("==")
          || (k.is("in") && i > from + 1)) {
        return true;
      }
    }
    return false;
  }

  /** The whole environment passed to something that sends, stores or renders it. */
  void harvest(List<PythonToken> t, List<int[]> args, int line, String q) {
    for (int[] arg : args) {
      String keyword = Expressions.keyword(t, arg);
      if ("env".equals(keyword) || "environ".equals(keyword) || "environment".equals(keyword)) {
        continue; // the environment handed to a child process stays on this machine
      }
      int[] value = Expressions.value(t, arg);
      if (facts(t, value[0], value[1]).has(Fact.ENV)) {
        s.hit(Capability.ENVIRONMENT_READ, line, "every environment variable passed to " + q);
        return;
      }
    }
  }

  private ValueFacts facts(List<PythonToken> t, int from, int to) {
    return s.inspector.inspect(t, from, to, s.scope);
  }
}
