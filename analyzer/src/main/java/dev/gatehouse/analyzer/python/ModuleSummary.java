package dev.gatehouse.analyzer.python;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one Python source file does, scope by scope, without its source text.
 *
 * @param path the file inside the artifact
 * @param name its dotted module name ({@code mypkg.util}; {@code mypkg} for {@code mypkg/__init__.py})
 * @param top what runs when the module is imported (or run as a script)
 * @param functions bodies of module-level functions and of methods, by {@code name} or {@code Class.name}
 * @param classes the classes defined at module level (nested ones as {@code Outer.Inner}), to their bases'
 *     qualified names
 * @param aliases what each module-level name refers to when it is an import or an alias of one
 * @param starImports modules imported with {@code from x import *}
 */
record ModuleSummary(
    String path, String name, ScopeSummary top, Map<String, ScopeSummary> functions,
    Map<String, List<String>> classes, Map<String, String> aliases, List<String> starImports) {
  ModuleSummary {
    functions = Collections.unmodifiableMap(new TreeMap<>(functions));
    classes = Collections.unmodifiableMap(new TreeMap<>(classes));
    aliases = Collections.unmodifiableMap(new TreeMap<>(aliases));
    starImports = List.copyOf(starImports);
  }

  /** The names of {@code className}'s methods, as keys of {@link #functions()}. */
  List<String> methodsOf(String className) {
    String prefix = className + ".";
    return functions.keySet().stream()
        .filter(k -> k.startsWith(prefix) && k.indexOf('.', prefix.length()) < 0).toList();
  }
}
