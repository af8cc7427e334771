package dev.gatehouse.analyzer.npm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The modules one file loads ({@code require}, {@code import}, {@code export ... from}, {@code import()})
 * and the names it binds them to, per scope, so that {@code cp.exec(...)} is known to spawn a process
 * only where {@code cp} really is {@code child_process}: minified bundles reuse one-letter names in
 * every function, and {@code e.exec(s)} is usually a regular expression.
 */
final class JsModules {
  /** One module load; {@code specifier} is the string the code names. */
  record Load(String specifier, int line, String excerpt, boolean atLoad) {}

  /** What a name is bound to: a module, or one member of it ({@code const {exec} = require(...)}). */
  record Binding(String module, String member) {}

  private final JsTokens t;
  private final JsStructure s;
  private final JsConstants constants;
  private final Set<String> requireNames = new HashSet<>(Set.of("require"));
  private final Map<String, Binding> bindings = new HashMap<>();
  private final Set<Integer> declarationSites = new HashSet<>();
  final List<Load> loads = new ArrayList<>();
  /** Calls of {@code require} whose argument is not a literal: the token of the opening parenthesis. */
  final List<Integer> computedRequires = new ArrayList<>();
  /** Calls of {@code require} whose argument folds to a constant: {token of require, index in loads}. */
  final List<int[]> foldedRequires = new ArrayList<>();

  JsModules(JsStructure structure, JsConstants constants) {
    this.s = structure;
    this.t = structure.t;
    this.constants = constants;
    for (int i = 0; i + 2 < t.size(); i++) {
      // `var r = require` hides later loads behind another name, as flatmap-stream's payload did.
      if (t.isIdent(i) && t.is(i + 1, "=") && t.is(i + 2, "require") && !t.is(i + 3, "(") && !t.is(i + 3, ".")) {
        requireNames.add(t.text(i));
      }
    }
    requireNames.addAll(passedTo(structure, "require"));
    for (int i = 0; i < t.size(); i++) {
      if (t.isIdent(i) && requireNames.contains(t.text(i)) && t.is(i + 1, "(")
          && (!t.is(i - 1, ".") || t.is(i - 2, "module"))) {
        require(i);
      } else if (t.is(i, "import") && !t.is(i - 1, ".")) {
        importForm(i);
      } else if (t.is(i, "export") && !t.is(i - 1, ".")) {
        exportFrom(i);
      }
    }
  }

  private Load load(String spec, int token, boolean atLoad) {
    return new Load(spec, t.line(token), t.excerpt(token), atLoad);
  }

  /** The module name without {@code node:} and subpaths Node treats as the same module. */
  static String normalize(String specifier) {
    String m = specifier.startsWith("node:") ? specifier.substring(5) : specifier;
    m = m.toLowerCase(Locale.ROOT);
    return switch (m) {
      case "fs/promises", "graceful-fs", "fs-extra" -> "fs";
      case "dns/promises" -> "dns";
      case "timers/promises" -> "timers";
      default -> m;
    };
  }

  /** What the identifier at token {@code i} is bound to, or null; never for the binding's own declaration. */
  Binding bindingAt(int i) {
    if (bindings.isEmpty() || !t.isIdent(i) || declarationSites.contains(i) || t.is(i - 1, ".")
        || t.is(i - 1, "?.") || (t.is(i + 1, ":") && (t.is(i - 1, "{") || t.is(i - 1, ",")))) {
      return null;
    }
    String name = t.text(i);
    return bindings.get(s.resolve(name, i) + ":" + name);
  }

  boolean isRequireName(String name) {
    return requireNames.contains(name);
  }

  private void require(int i) {
    int open = i + 1;
    int close = s.match[open];
    if (close < 0) {
      return;
    }
    String spec = literal(open + 1, close);
    boolean folded = false;
    if (spec == null && close > open + 1) {
      spec = constants.of(open + 1, close - 1); // require('child_' + 'process'), require(m) with m such a constant
      folded = spec != null;
    }
    if (spec == null) {
      if (close > open + 1) {
        computedRequires.add(open);
      }
      return;
    }
    if (folded) {
      foldedRequires.add(new int[] {i, loads.size()});
    }
    loads.add(load(spec, i, s.runsAtLoad(i)));
    int exprStart = i;
    int exprEnd = close;
    // TypeScript and Babel wrap loads: __importStar(require("x")), _interopRequireDefault(require("x")).
    if (t.is(i - 1, "(") && t.isIdent(i - 2) && s.match[i - 1] == close + 1) {
      String helper = t.text(i - 2).toLowerCase(Locale.ROOT);
      if (helper.contains("interop") || helper.contains("import")) {
        exprStart = t.is(i - 3, ".") ? i - 4 : i - 2;
        exprEnd = close + 1;
      }
    }
    String member = null;
    if (t.is(exprEnd + 1, ".") && t.isIdent(exprEnd + 2)) {
      member = t.text(exprEnd + 2);
      exprEnd += 2;
    }
    bindTarget(exprStart, normalize(spec), member, exprEnd);
  }

  /** Binds the name or pattern assigned from the expression starting at {@code exprStart}. */
  private void bindTarget(int exprStart, String module, String member, int exprEnd) {
    if (!t.is(exprStart - 1, "=") || !(t.is(exprEnd + 1, ";") || t.is(exprEnd + 1, ",")
        || exprEnd + 1 >= t.size() || t.line(exprEnd + 1) > t.line(exprEnd) || t.is(exprEnd + 1, "}"))) {
      return;
    }
    int target = exprStart - 2;
    if (t.isIdent(target)) {
      bind(target, module, "promises".equals(member) ? null : member);
    } else if (t.is(target, "}") && s.match[target] >= 0 && member == null) {
      destructure(s.match[target], target, module);
    }
  }

  /** {@code {exec, spawn: sp, promises: fsp}} bound from module {@code module}. */
  private void destructure(int open, int close, String module) {
    for (int j = open + 1; j < close; j++) {
      if (!t.isIdent(j) || t.is(j - 1, ".")) {
        continue;
      }
      String key = t.text(j);
      if (t.is(j + 1, ":") && t.isIdent(j + 2)) {
        bind(j + 2, module, "promises".equals(key) ? null : key);
        j += 2;
      } else if (t.is(j + 1, ",") || t.is(j + 1, "}") || t.is(j + 1, "=")) {
        bind(j, module, "promises".equals(key) ? null : key);
      }
      if (t.is(j + 1, "=")) {
        j = s.expressionEnd(j + 2);
      }
    }
  }

  private void bind(int token, String module, String member) {
    String name = t.text(token);
    declarationSites.add(token);
    bindings.put(s.resolve(name, token) + ":" + name, new Binding(module, member));
  }

  private void importForm(int i) {
    if (t.is(i + 1, "(")) {
      int close = s.match[i + 1];
      String spec = close < 0 ? null : literal(i + 2, close);
      if (spec != null) {
        loads.add(load(spec, i, s.runsAtLoad(i)));
      }
      return;
    }
    if (t.isString(i + 1)) {
      loads.add(load(t.value(i + 1), i, true)); // import 'x'
      return;
    }
    int from = findFrom(i + 1);
    if (from < 0) {
      return;
    }
    String spec = t.value(from + 1);
    loads.add(load(spec, i, true));
    String module = normalize(spec);
    for (int j = i + 1; j < from; j++) {
      if (t.is(j, "*") && t.is(j + 1, "as") && t.isIdent(j + 2)) {
        bind(j + 2, module, null);
        j += 2;
      } else if (t.is(j, "{") && s.match[j] > j) {
        int close = s.match[j];
        for (int k = j + 1; k < close; k++) {
          if (t.isIdent(k) && t.is(k + 1, "as") && t.isIdent(k + 2)) {
            bind(k + 2, module, t.text(k));
            k += 2;
          } else if (t.isIdent(k) && !t.is(k, "type")) {
            bind(k, module, t.text(k));
          }
        }
        j = close;
      } else if (t.isIdent(j) && !t.is(j, "type")) {
        bind(j, module, null); // default import
      }
    }
  }

  private void exportFrom(int i) {
    int from = findFrom(i + 1);
    if (from >= 0) {
      loads.add(load(t.value(from + 1), i, true));
    }
  }

  /** The {@code from} of an import or export clause starting at {@code i}, or -1. */
  private int findFrom(int i) {
    for (int j = i; j < t.size() && j < i + 400; j++) {
      if (t.is(j, "from") && t.isString(j + 1)) {
        return j;
      }
      if (t.is(j, ";") || t.is(j, "=") || t.is(j, "(")) {
        return -1;
      }
      if (t.is(j, "{") && s.match[j] > j) {
        j = s.match[j];
      }
    }
    return -1;
  }

  /**
   * The parameter names that receive {@code global} in a function called where it is written: {@code
   * !function(e, t) {...}(Buffer, require)} hands {@code require} to {@code t}, as minified droppers do.
   */
  static Set<String> passedTo(JsStructure s, String global) {
    Set<String> names = new HashSet<>();
    JsTokens t = s.t;
    for (JsStructure.Fn f : s.functions) {
      int call = f.end() + 1;
      if (t.is(call, ")") && s.match[call] == f.start() - 1) {
        call++;
      }
      if (!t.is(call, "(") || s.match[call] < 0 || f.paramsOpen() < 0) {
        continue;
      }
      List<String> params = new ArrayList<>();
      for (int j = f.paramsOpen() + 1; j < f.paramsClose(); j++) {
        if (t.isIdent(j) && (t.is(j + 1, ",") || j + 1 == f.paramsClose())) {
          params.add(t.text(j));
        } else if (!t.is(j, ",")) {
          params.add(null); // a default or a pattern: positions after it are not followed
          break;
        }
      }
      int index = 0;
      for (int j = call + 1; j < s.match[call] && index < params.size(); j++) {
        if (t.is(j, ",")) {
          index++;
        } else if (t.is(j, global) && (t.is(j + 1, ",") || j + 1 == s.match[call]) && params.get(index) != null) {
          names.add(params.get(index));
        } else if (s.match[j] > j) {
          j = s.match[j];
        }
      }
    }
    return names;
  }

  /** The value of a lone string or substitution-free template in [from, to), or null. */
  private String literal(int from, int to) {
    if (to - from == 1 && t.isText(from) && !t.is(from - 1, "${") && !t.is(from + 1, "${")) {
      return t.value(from);
    }
    return null;
  }
}
