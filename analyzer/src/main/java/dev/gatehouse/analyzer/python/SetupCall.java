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
 * @param entryPoints the {@code entry_points} argument written as an {@code entry_points.txt} (empty when
 *     absent or not literal): what setuptools writes into the built distribution
 * @param line the line of the call
 * @param excerpt the source line of the call
 */
record SetupCall(
    Map<String, String> cmdclass, List<String> setupRequires, List<String> dependencyLinks, String entryPoints,
    int line, String excerpt) {
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
    StringBuilder entryPoints = new StringBuilder();
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
        case "entry_points" -> entryPoints.append(entryPoints(s, t, v));
        default -> { }
      }
    }
    return new SetupCall(cmdclass, requires, links, entryPoints.toString(), s.line(line), s.excerpt(line));
  }

  /**
   * {@code entry_points=} as setuptools takes it: a dict (literal, {@code dict(...)} or a name bound to one)
   * of group to a list of {@code "name = module:attr"} strings or to one string of such lines, or the
   * text of an {@code entry_points.txt} itself.
   */
  private static String entryPoints(ScopeScanner s, List<PythonToken> t, int[] v) {
    Map<String, List<String>> table;
    if (v[1] - v[0] == 1 && t.get(v[0]).isName()) {
      FoldedText text = s.scope.constant(t.get(v[0]).text());
      if (text != null) {
        return text.text() + "\n";
      }
      table = s.scope.table(t.get(v[0]).text());
    } else if (t.get(v[0]).is("{")) {
      table = table(t, v[0], Expressions.close(t, v[0], v[1]));
    } else if (Expressions.onlyStrings(t, v[0], v[1])) {
      return Expressions.strings(t, v[0], v[1]) + "\n";
    } else {
      return "";
    }
    StringBuilder ini = new StringBuilder();
    table.forEach((group, lines) -> {
      ini.append('[').append(group).append("]\n");
      lines.forEach(l -> ini.append(l.strip()).append('\n'));
    });
    return ini.toString();
  }

  /** A dict literal {@code [open, close]} of string keys to strings or lists/tuples of strings; other entries skipped. */
  static Map<String, List<String>> table(List<PythonToken> t, int open, int close) {
    Map<String, List<String>> out = new TreeMap<>();
    for (int[] entry : Expressions.split(t, open + 1, close)) {
      if (entry[1] - entry[0] < 3 || !t.get(entry[0]).isConstantString() || !t.get(entry[0] + 1).is(":")) {
        continue;
      }
      int from = entry[0] + 2;
      List<String> values = new ArrayList<>();
      if (Expressions.onlyStrings(t, from, entry[1])) {
        values.addAll(List.of(Expressions.strings(t, from, entry[1]).split("\r?\n|\r")));
      } else if (t.get(from).is("[") || t.get(from).is("(")) {
        for (int[] item : Expressions.split(t, from + 1, Expressions.close(t, from, entry[1]))) {
          if (Expressions.onlyStrings(t, item[0], item[1])) {
            values.add(Expressions.strings(t, item[0], item[1]));
          }
        }
      }
      values.removeIf(String::isBlank);
      if (!values.isEmpty()) {
        out.put(t.get(entry[0]).value(), values);
      }
    }
    return out;
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
