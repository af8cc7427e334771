package dev.gatehouse.analyzer.python;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.analyzer.CodeFinding;
import dev.gatehouse.analyzer.Evidence;
import dev.gatehouse.analyzer.Finding;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.Trigger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Findings for plugins that hosts load by themselves: entry points in the groups of {@link
 * EntryPointsFile#AUTO_LOADED}, and Jupyter server extensions enabled by a configuration file the wheel
 * installs. The plugin's module top level, and the modules of this artifact it imports, are analyzed:
 * that code runs as soon as the host loads the plugin. A plugin that reaches nothing notable is LOW,
 * since being a plugin is what the package is for.
 *
 * <p>Functions that run later, without anyone asking for them by name, are followed more weakly: the
 * hooks a host calls on every run (pytest's {@code pytest_*} functions of a {@code pytest11} plugin, the
 * named attribute of another auto-loaded entry) and the function of a {@code console_scripts} or {@code
 * gui_scripts} command. A CLI or a plugin downloading and spawning is what many of them are for, so
 * such a finding is held (HIGH or more) only for the shape of an attack: a CRITICAL combination, or a
 * place that is telling by itself ({@link Hit#telling()}); anything less is not reported.
 */
final class PluginHooks {
  private final PackageCode code;

  PluginHooks(PackageCode code) {
    this.code = code;
  }

  /** Console-script entries followed per artifact; a distribution with hundreds of commands is cut off. */
  private static final int MAX_COMMANDS = 64;
  /** Calls followed from a function that runs later: payloads sit in the function or a call below it. */
  private static final int LATER_CALL_DEPTH = 2;

  List<Finding> entryPoints(String path, String text) {
    List<Finding> out = new ArrayList<>();
    int commands = 0;
    for (EntryPointsFile.EntryPoint ep : EntryPointsFile.parse(text)) {
      Evidence evidence = Evidence.of(path, "[" + ep.group() + "] " + ep.name(), ep.text());
      if (ep.autoLoaded()) {
        String opening = "entry point [%s] %s is loaded by its host without being asked".formatted(ep.group(), ep.name());
        out.add(plugin(ep.module(), opening, evidence));
        later(ep, "pytest11".equals(ep.group()) ? hooks(ep.module()) : attribute(ep),
            "entry point [%s] %s has functions its host calls on every run".formatted(ep.group(), ep.name()), evidence)
            .ifPresent(out::add);
      } else if (("console_scripts".equals(ep.group()) || "gui_scripts".equals(ep.group()))
          && commands++ < MAX_COMMANDS) {
        later(ep, attribute(ep), "the command %s runs %s:%s".formatted(ep.name(), ep.module(), ep.attribute()), evidence)
            .ifPresent(out::add);
      }
    }
    return out;
  }

  /** The function an entry names ({@code module:func} or {@code module:Class.method}), if it is in this artifact. */
  private List<ScopeSummary> attribute(EntryPointsFile.EntryPoint ep) {
    ModuleSummary m = code.module(ep.module());
    if (m == null || ep.attribute().isEmpty()) {
      return List.of();
    }
    ScopeSummary body = m.functions().get(ep.attribute().split("\\s")[0]);
    return body == null ? List.of() : List.of(body);
  }

  /** The {@code pytest_*} hook implementations of a pytest plugin module: pytest calls them on every run. */
  private List<ScopeSummary> hooks(String module) {
    ModuleSummary m = code.module(module);
    if (m == null) {
      return List.of();
    }
    return m.functions().entrySet().stream().filter(e -> e.getKey().startsWith("pytest_"))
        .map(Map.Entry::getValue).toList();
  }

  /** A finding for functions that run later, only when the shape of an attack makes it HIGH or more. */
  private Optional<Finding> later(EntryPointsFile.EntryPoint ep, List<ScopeSummary> functions,
      String opening, Evidence evidence) {
    ModuleSummary m = code.module(ep.module());
    if (functions.isEmpty() || m == null) {
      return Optional.empty();
    }
    List<PackageCode.Start> starts = functions.stream().map(f -> new PackageCode.Start(f, m)).toList();
    Reach reach = code.reach(starts, false, LATER_CALL_DEPTH);
    CodeFinding finding = HookFindings.of(Trigger.PLUGIN_ENTRY_POINT, reach, Severity.LOW, opening, "",
        HookFindings.evidence(m.path(), reach, 0, ""));
    if (finding.severity().compareTo(Severity.HIGH) < 0) {
      return Optional.empty(); // a command or hook that downloads or spawns is what many are for
    }
    if (finding.severity() == Severity.HIGH && !reach.telling()) {
      return Optional.empty();
    }
    return Optional.of(finding);
  }

  private Finding plugin(String module, String opening, Evidence evidence) {
    ModuleSummary m = code.module(module);
    if (m == null) {
      String why = code.compiled(module) ? "its module " + module + " is compiled code Gatehouse cannot read"
          : "its module " + module + " is not part of this artifact";
      return HookFindings.of(Trigger.PLUGIN_ENTRY_POINT, new Reach.Builder().build(),
          code.compiled(module) ? Severity.MEDIUM : Severity.LOW, opening, why, evidence);
    }
    // Loading the plugin imports its module: that top level (and the modules of this artifact it imports)
    // runs by itself. What the plugin does when its host later calls it is the plugin's purpose.
    Reach reach = code.reach(List.of(new PackageCode.Start(m.top(), m)), true);
    return HookFindings.of(Trigger.PLUGIN_ENTRY_POINT, reach, Severity.LOW, opening,
        "its module " + module + " reaches nothing notable", evidence);
  }

  /**
   * A Jupyter configuration file under {@code etc/jupyter/} that enables server extensions: the server
   * imports each enabled module when it starts.
   */
  List<Finding> jupyterConfig(String path, String text) {
    List<Finding> out = new ArrayList<>();
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(text);
    } catch (java.io.IOException | RuntimeException notJson) {
      return out;
    }
    if (root == null) {
      return out;
    }
    for (String app : List.of("ServerApp", "NotebookApp")) {
      for (String key : List.of("jpserver_extensions", "nbserver_extensions")) {
        JsonNode enabled = root.path(app).path(key);
        for (Iterator<Map.Entry<String, JsonNode>> it = enabled.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (e.getValue().asBoolean(false)) {
            String opening = "%s enables the Jupyter server extension %s, which the server loads at start".formatted(
                path.substring(path.lastIndexOf('/') + 1), e.getKey());
            out.add(plugin(e.getKey(), opening, Evidence.of(path, app + "." + key, e.getKey() + ": true")));
          }
        }
      }
    }
    return out;
  }
}
