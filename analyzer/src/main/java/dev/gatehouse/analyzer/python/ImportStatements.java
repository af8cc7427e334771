package dev.gatehouse.analyzer.python;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code import} and {@code from ... import} statements: what names they bind in the scanned scope
 * (resolving relative imports against the file's package) and which modules they run, for the reach
 * computation to follow into the artifact's own code.
 */
final class ImportStatements {
  private final ScopeScanner s;

  ImportStatements(ScopeScanner scanner) {
    this.s = scanner;
  }

  void imports(List<PythonToken> t) {
    for (int[] item : Expressions.split(t, 1, t.size())) {
      int as = ScopeScanner.depthZero(t, item[0], item[1], "as");
      String module = dotted(t, item[0], as > 0 ? as : item[1]);
      if (module.isEmpty()) {
        continue;
      }
      s.imported(module, t.get(0).line());
      if (as > 0 && as + 1 < item[1]) {
        s.scope.alias(t.get(as + 1).text(), module);
      } else {
        String top = module.split("\\.")[0];
        s.scope.alias(top, top);
      }
    }
  }

  void fromImport(List<PythonToken> t) {
    int importAt = ScopeScanner.depthZero(t, 1, t.size(), "import");
    if (importAt < 0) {
      return;
    }
    int level = 0;
    int i = 1;
    while (i < importAt && (t.get(i).is(".") || t.get(i).is("..."))) {
      level += t.get(i).text().length();
      i++;
    }
    String base = dotted(t, i, importAt);
    String module = absolute(level, base);
    int line = t.get(0).line();
    s.imported(module, line);
    int from = importAt + 1;
    int to = t.size();
    if (from < to && t.get(from).is("(")) {
      from++;
      to = Expressions.close(t, importAt + 1, t.size());
    }
    for (int[] item : Expressions.split(t, from, to)) {
      if (t.get(item[0]).is("*")) {
        s.scope.star(module);
        continue;
      }
      String name = t.get(item[0]).text();
      int as = ScopeScanner.depthZero(t, item[0], item[1], "as");
      String target = module.isEmpty() ? name : module + "." + name;
      s.imported(target, line); // may be a submodule; the reach computation knows
      s.scope.alias(as > 0 && as + 1 < item[1] ? t.get(as + 1).text() : name, target);
    }
  }

  private String absolute(int level, String base) {
    if (level == 0) {
      return base;
    }
    String pkg = s.file.packageName();
    List<String> parts = new ArrayList<>(pkg.isEmpty() ? List.of() : List.of(pkg.split("\\.")));
    for (int up = 1; up < level && !parts.isEmpty(); up++) {
      parts.remove(parts.size() - 1);
    }
    if (!base.isEmpty()) {
      parts.add(base);
    }
    return String.join(".", parts);
  }

  private static String dotted(List<PythonToken> t, int from, int to) {
    StringBuilder name = new StringBuilder();
    for (int i = from; i < to; i++) {
      PythonToken k = t.get(i);
      if (k.isName() || k.is(".")) {
        name.append(k.text());
      } else {
        break;
      }
    }
    return name.toString();
  }

}
