package dev.gatehouse.analyzer.python;

import dev.gatehouse.analyzer.CodeFinding;
import dev.gatehouse.analyzer.Evidence;
import dev.gatehouse.analyzer.Finding;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.Trigger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Findings for an sdist's {@code setup.py}, which pip runs to build the sdist.
 *
 * <ul>
 *   <li>Its top level (with the {@code if __name__ == "__main__"} block, and the modules of the sdist it
 *       imports, such as {@code versioneer} or the package itself for its version): LOW when it reaches
 *       nothing notable, which is the normal way sdists are built (literal {@code setup()} arguments,
 *       README and version files read and exec'd); otherwise by what it reaches.
 *   <li>Each {@code cmdclass} override: all methods of the replacing class. Replacing {@code install},
 *       {@code develop}, {@code egg_info} and the other install-time commands is how post-install hooks
 *       are written, so it is MEDIUM at least; replacing {@code build_*}, {@code sdist} or {@code
 *       bdist_wheel} is how extensions are built, LOW unless it reaches something.
 *   <li>{@code setup_requires} and {@code dependency_links} (from {@code setup()} or {@code setup.cfg}):
 *       packages setuptools fetches and imports before building. INFO when they come from the index
 *       (Gatehouse analyzes them when they are fetched), MEDIUM when a URL bypasses the index.
 * </ul>
 */
final class SetupScript {
  static final Set<String> INSTALL_COMMANDS = Set.of(
      "install", "develop", "egg_info", "install_lib", "install_scripts", "install_data", "install_egg_info",
      "install_headers", "easy_install", "editable_wheel", "bdist_egg");

  private final PackageCode code;

  SetupScript(PackageCode code) {
    this.code = code;
  }

  List<Finding> findings(ModuleSummary setup, List<String> cfgRequires, List<String> cfgLinks) {
    List<Finding> out = new ArrayList<>();
    List<SetupCall> calls = new ArrayList<>(setup.top().setupCalls());
    setup.functions().values().forEach(f -> calls.addAll(f.setupCalls()));
    SetupCall main = calls.isEmpty() ? null : calls.get(0);
    Reach top = code.reach(List.of(new PackageCode.Start(setup.top(), setup)), true);
    out.add(HookFindings.of(Trigger.SETUP_SCRIPT, top, Severity.LOW,
        "%s runs when pip builds this sdist".formatted(setup.path()),
        main == null ? "it reaches nothing notable" : "it reaches nothing notable beyond setup()",
        HookFindings.evidence(setup.path(), top, main == null ? 0 : main.line(), main == null ? "" : main.excerpt())));

    Map<String, String> cmdclass = new TreeMap<>();
    calls.forEach(c -> cmdclass.putAll(c.cmdclass()));
    for (Map.Entry<String, String> command : cmdclass.entrySet()) {
      List<ScopeSummary> methods = code.methods(command.getValue());
      if (methods.isEmpty()) {
        continue; // a class from another package (Cython's build_ext): analyzed when that package is fetched
      }
      List<PackageCode.Start> starts = methods.stream().map(m -> new PackageCode.Start(m, setup)).toList();
      Reach reach = code.reach(starts, true);
      boolean install = INSTALL_COMMANDS.contains(command.getKey());
      String className = command.getValue().substring(command.getValue().lastIndexOf('.') + 1);
      out.add(HookFindings.of(Trigger.SETUP_SCRIPT, reach, install ? Severity.MEDIUM : Severity.LOW,
          "%s replaces the %s command with %s, which runs during %s".formatted(setup.path(), command.getKey(),
              className, install ? "pip install" : "the build"),
          "it reaches nothing notable",
          Evidence.of(setup.path(), "cmdclass." + command.getKey(), main == null ? "" : main.excerpt())));
    }

    Set<String> requires = new LinkedHashSet<>(cfgRequires);
    Set<String> links = new LinkedHashSet<>(cfgLinks);
    calls.forEach(c -> {
      requires.addAll(c.setupRequires());
      links.addAll(c.dependencyLinks());
    });
    if (!requires.isEmpty() || !links.isEmpty()) {
      boolean outside = !links.isEmpty() || requires.stream().anyMatch(SetupScript::bypassesIndex);
      String summary = "%s makes setuptools fetch and import %s before building%s".formatted(setup.path(),
          requires.isEmpty() ? "packages" : String.join(", ", requires),
          outside ? ", from " + (links.isEmpty() ? "a URL" : String.join(", ", links)) + " outside the package index"
              : " (each is fetched through the index and analyzed there)");
      out.add(new CodeFinding(Trigger.SETUP_SCRIPT, List.of(), outside ? Severity.MEDIUM : Severity.INFO, summary,
          Evidence.of(setup.path(), "setup_requires", String.join(", ", requires))));
    }
    return out;
  }

  /** A requirement that names a URL instead of a project on the index (PEP 440 direct references, VCS URLs). */
  static boolean bypassesIndex(String requirement) {
    String r = requirement.toLowerCase(Locale.ROOT);
    return r.contains("://") || r.contains(" @ ") || r.contains("@http") || r.startsWith("git+")
        || r.startsWith("file:");
  }

  /** The {@code [options]} values of a {@code setup.cfg}: key to its lines, continuation lines included. */
  static Map<String, List<String>> cfgOptions(String text) {
    Map<String, List<String>> options = new TreeMap<>();
    String section = "";
    String key = null;
    for (String raw : text.split("\r?\n|\r")) {
      String line = raw.strip();
      if (line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        section = line.substring(1, line.length() - 1).strip();
        key = null;
        continue;
      }
      if (!section.equals("options")) {
        continue;
      }
      boolean continuation = !raw.isEmpty() && Character.isWhitespace(raw.charAt(0));
      int eq = line.indexOf('=');
      if (!continuation && eq > 0) {
        key = line.substring(0, eq).strip();
        String value = line.substring(eq + 1).strip();
        options.put(key, new ArrayList<>());
        addValues(options.get(key), value);
      } else if (continuation && key != null) {
        addValues(options.get(key), line);
      }
    }
    return options;
  }

  /**
   * The {@code [options.entry_points]} section of a {@code setup.cfg} written as an {@code
   * entry_points.txt}: each key is a group, its value lines are the entries.
   */
  static String cfgEntryPoints(String text) {
    StringBuilder ini = new StringBuilder();
    boolean inSection = false;
    for (String raw : text.split("\r?\n|\r")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        inSection = line.substring(1, line.length() - 1).strip().equals("options.entry_points");
        continue;
      }
      if (!inSection) {
        continue;
      }
      boolean continuation = Character.isWhitespace(raw.charAt(0));
      int eq = line.indexOf('=');
      if (!continuation && eq > 0) {
        ini.append('[').append(line.substring(0, eq).strip()).append("]\n");
        String value = line.substring(eq + 1).strip();
        if (!value.isEmpty()) {
          ini.append(value).append('\n');
        }
      } else if (continuation) {
        ini.append(line).append('\n');
      }
    }
    return ini.toString();
  }

  /** The entry points every {@code setup()} call of {@code setup} declares, as one {@code entry_points.txt}. */
  static String entryPoints(ModuleSummary setup) {
    StringBuilder ini = new StringBuilder();
    setup.top().setupCalls().forEach(c -> ini.append(c.entryPoints()));
    setup.functions().values().forEach(f -> f.setupCalls().forEach(c -> ini.append(c.entryPoints())));
    return ini.toString();
  }

  private static void addValues(List<String> into, String value) {
    for (String part : value.split(";")) {
      if (!part.isBlank()) {
        into.add(part.strip());
      }
    }
  }
}
