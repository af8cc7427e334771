package dev.gatehouse.analyzer.python;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The names visible in one scope while it is scanned: imports and aliases of imported things (to
 * qualified names), locals whose value is known ({@link ValueFacts}), and locals of unknown value that
 * shadow builtins. Not thread-safe; one scanner owns it.
 */
final class Scope {
  /** Builtins whose calls matter; a local of the same name shadows them. */
  private static final Set<String> BUILTINS = Set.of(
      "exec", "eval", "compile", "execfile", "__import__", "open", "file", "getattr", "print", "str", "repr",
      "sorted", "list", "tuple", "set", "dict", "bytes", "bytearray", "globals", "locals", "vars", "chr", "ord",
      "map", "len", "isinstance", "hasattr", "setattr", "type", "super", "range", "int", "float", "iter", "next",
      "any", "all", "zip", "enumerate", "min", "max", "sum", "abs", "format", "callable", "id", "hash", "object",
      "property", "staticmethod", "classmethod", "issubclass", "reversed", "filter", "round", "input", "delattr",
      "frozenset", "memoryview", "hex", "oct", "bin", "divmod", "pow", "ascii", "breakpoint", "help", "dir",
      "Exception", "ValueError", "TypeError", "KeyError", "ImportError", "RuntimeError", "OSError", "IOError",
      "AttributeError", "NotImplementedError", "StopIteration", "SystemExit", "Warning", "DeprecationWarning",
      "reload", "unicode", "basestring", "long", "xrange", "raw_input", "unichr", "apply", "buffer", "intern");

  private final Map<String, String> aliases;
  private final Map<String, ValueFacts> values;
  private final Set<String> locals;
  private final List<String> stars;
  private final Map<String, Map<String, String>> dicts;
  private final Map<String, List<String>> lists;
  /** Locals bound to a string the analysis could fold ({@link FoldedText}): names split to hide them. */
  private final Map<String, FoldedText> constants;

  Scope() {
    this(new HashMap<>(), new HashMap<>(), new HashSet<>(), new ArrayList<>(), new HashMap<>(), new HashMap<>(),
        new HashMap<>());
  }

  private Scope(Map<String, String> aliases, Map<String, ValueFacts> values, Set<String> locals, List<String> stars,
      Map<String, Map<String, String>> dicts, Map<String, List<String>> lists, Map<String, FoldedText> constants) {
    this.constants = constants;
    this.aliases = aliases;
    this.values = values;
    this.locals = locals;
    this.stars = stars;
    this.dicts = dicts;
    this.lists = lists;
  }

  /** A copy for a function body: it sees the module's names, and its own assignments stay its own. */
  Scope child() {
    Map<String, Map<String, String>> dictCopy = new HashMap<>();
    dicts.forEach((k, v) -> dictCopy.put(k, new java.util.TreeMap<>(v)));
    Scope child = new Scope(new HashMap<>(aliases), new HashMap<>(values), new HashSet<>(locals),
        new ArrayList<>(stars), dictCopy, new HashMap<>(lists), new HashMap<>(constants));
    child.tables = new HashMap<>(tables);
    return child;
  }

  /**
   * Remembers that {@code name} holds a dict literal of string keys to (qualified) names, such as a
   * {@code cmdclass} mapping built before it is passed to {@code setup()}.
   */
  void dictEntry(String name, String key, String target) {
    dicts.computeIfAbsent(name, k -> new java.util.TreeMap<>()).put(key, target);
  }

  Map<String, String> dict(String name) {
    return dicts.getOrDefault(name, Map.of());
  }

  void list(String name, List<String> strings) {
    lists.put(name, List.copyOf(strings));
  }

  List<String> list(String name) {
    return lists.getOrDefault(name, List.of());
  }

  /**
   * Names bound to a dict literal of string keys to strings or lists of strings ({@code entry_points =
   * {"console_scripts": ["x = m:f"]}}), for a later {@code setup()} call; a child scope starts with a copy.
   */
  private Map<String, Map<String, List<String>>> tables = new HashMap<>();

  void table(String name, Map<String, List<String>> table) {
    tables.put(name, java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(table)));
  }

  Map<String, List<String>> table(String name) {
    return tables.getOrDefault(name, Map.of());
  }

  /** Names of files this scope opened for writing or downloaded to, with the line: what it may run next. */
  private final Map<String, Integer> written = new HashMap<>();

  void written(String name, int line) {
    written.putIfAbsent(name, line);
  }

  /** The line where the file named by {@code name} was written, or null. */
  Integer writtenAt(String name) {
    return written.get(name);
  }

  /** Remembers the folded string value of {@code name}; call after binding the name. */
  void constant(String name, FoldedText text) {
    constants.put(name, text);
  }

  /** The folded value of {@code name}, or null. */
  FoldedText constant(String name) {
    return constants.get(name);
  }

  void alias(String name, String qualified) {
    constants.remove(name);
    aliases.put(name, qualified);
    values.remove(name);
    locals.remove(name);
  }

  void value(String name, ValueFacts facts) {
    constants.remove(name);
    values.put(name, facts);
    aliases.remove(name);
    locals.remove(name);
  }

  void local(String name) {
    constants.remove(name);
    locals.add(name);
    aliases.remove(name);
    values.remove(name);
  }

  void star(String module) {
    if (!stars.contains(module)) {
      stars.add(module);
    }
  }

  Map<String, String> aliases() {
    return aliases;
  }

  List<String> stars() {
    return stars;
  }

  ValueFacts valueOf(String name) {
    return values.get(name);
  }

  /**
   * What {@code head} refers to: the qualified name of an import or alias, {@code builtins.x} for an
   * unshadowed builtin, a name from a star import when that name is one whose calls matter, or null
   * for locals and unknown names.
   */
  String qualify(String head) {
    String alias = aliases.get(head);
    if (alias != null) {
      return alias;
    }
    if (locals.contains(head) || values.containsKey(head)) {
      return null;
    }
    if (head.equals("__builtins__")) {
      return "builtins";
    }
    if (BUILTINS.contains(head)) {
      return "builtins." + head;
    }
    for (String star : stars) {
      if (PythonCapabilities.classify(star + "." + head) != PythonCapabilities.CallKind.NONE) {
        return star + "." + head;
      }
    }
    return null;
  }

  /** The function's parameters, for arguments followed into them ({@link ArgCall}); not copied to children. */
  private List<String> parameters = List.of();

  void parameters(List<String> names) {
    parameters = List.copyOf(names);
  }

  /** True when {@code name} is a parameter of the scope's function still holding what the caller passed. */
  boolean isParameter(String name) {
    return parameters.contains(name) && locals.contains(name) && !constants.containsKey(name);
  }

  boolean isLocal(String head) {
    return locals.contains(head) || values.containsKey(head);
  }
}
