package dev.gatehouse.analyzer.python;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a {@code setup(...)} call in a setup script declares that changes what runs at build time.
 *
 * @param cmdclass command name to the qualified name of the class that replaces it ({@code install} to
 *     {@code setup.PostInstall}), sorted by command
 * @param setupRequires requirements setuptools fetches and imports before building
 * @param dependencyLinks URLs setuptools may fetch packages from, outside any index
 * @param line the line of the call
 * @param excerpt the source line of the call
 */
record SetupCall(
    Map<String, String> cmdclass, List<String> setupRequires, List<String> dependencyLinks, int line, String excerpt) {
  SetupCall {
    cmdclass = java.util.Collections.unmodifiableMap(new TreeMap<>(cmdclass));
    setupRequires = List.copyOf(setupRequires);
    dependencyLinks = List.copyOf(dependencyLinks);
  }

  /** Reads the keyword arguments of a {@code setup(...)} call scanned by {@code s}. */
  static SetupCall read(ScopeScanner s, List<PythonToken> t, List<int[]> args, int line) {
    Map<String, String> cmdclass = new TreeMap<>();
    List<String> requires = new ArrayList<>();
    List<String> links = new ArrayList<>();
    for (int[] arg : args) {
      String keyword = Expressions.keyword(t, arg);
      if (keyword == null) {
        continue;
      }
      int[] v = Expressions.value(t, arg);
      switch (keyword) {
        case "cmdclass" -> cmdclass.putAll(commandClasses(s, t, v));
        case "setup_requires" -> requires.addAll(strings(s, t, v));
        case "dependency_links" -> links.addAll(strings(s, t, v));
        default -> { }
      }
    }
    return new SetupCall(cmdclass, requires, links, s.line(line), s.excerpt(line));
  }

  private static Map<String, String> commandClasses(ScopeScanner s, List<PythonToken> t, int[] v) {
    Map<String, String> out = new TreeMap<>();
    if (t.get(v[0]).is("{")) {
      int close = Expressions.close(t, v[0], v[1]);
      for (int[] entry : Expressions.split(t, v[0] + 1, close)) {
        if (entry[1] - entry[0] >= 3 && t.get(entry[0]).isConstantString() && t.get(entry[0] + 1).is(":")) {
          out.put(t.get(entry[0]).value(), s.className(t, entry[0] + 2, entry[1]));
        }
      }
    } else if (t.get(v[0]).is("dict") && v[0] + 1 < v[1] && t.get(v[0] + 1).is("(")) {
      int close = Expressions.close(t, v[0] + 1, v[1]);
      for (int[] entry : Expressions.split(t, v[0] + 2, close)) {
        String k = Expressions.keyword(t, entry);
        if (k != null) {
          out.put(k, s.className(t, entry[0] + 2, entry[1]));
        }
      }
    } else if (v[1] - v[0] == 1 && t.get(v[0]).isName()) {
      out.putAll(s.scope.dict(t.get(v[0]).text()));
    }
    return out;
  }

  private static List<String> strings(ScopeScanner s, List<PythonToken> t, int[] v) {
    if (v[1] - v[0] == 1 && t.get(v[0]).isName()) {
      return s.scope.list(t.get(v[0]).text());
    }
    if (Expressions.onlyStrings(t, v[0], v[1])) {
      return List.of(Expressions.strings(t, v[0], v[1]));
    }
    List<String> out = new ArrayList<>();
    if (t.get(v[0]).is("[") || t.get(v[0]).is("(")) {
      for (int[] item : Expressions.split(t, v[0] + 1, Expressions.close(t, v[0], v[1]))) {
        if (Expressions.onlyStrings(t, item[0], item[1])) {
          out.add(Expressions.strings(t, item[0], item[1]));
        }
      }
    }
    return out;
  }

}
