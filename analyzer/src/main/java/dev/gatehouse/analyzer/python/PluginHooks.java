package dev.gatehouse.analyzer.python;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.analyzer.Evidence;
import dev.gatehouse.analyzer.Finding;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.Trigger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Findings for plugins that hosts load by themselves: entry points in the groups of {@link
 * EntryPointsFile#AUTO_LOADED}, and Jupyter server extensions enabled by a configuration file the wheel
 * installs. The plugin's module top level, and the modules of this artifact it imports, are analyzed:
 * that code runs as soon as the host loads the plugin. A plugin that reaches nothing notable is LOW,
 * since being a plugin is what the package is for.
 */
final class PluginHooks {
  private final PackageCode code;

  PluginHooks(PackageCode code) {
    this.code = code;
  }

  List<Finding> entryPoints(String path, String text) {
    List<Finding> out = new ArrayList<>();
    for (EntryPointsFile.EntryPoint ep : EntryPointsFile.parse(text)) {
      if (!ep.autoLoaded()) {
        continue;
      }
      String opening = "entry point [%s] %s is loaded by its host without being asked".formatted(ep.group(), ep.name());
      out.add(plugin(ep.module(), opening, Evidence.of(path, "[" + ep.group() + "] " + ep.name(), ep.text())));
    }
    return out;
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
