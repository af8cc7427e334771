package dev.gatehouse.analyzer.npm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parts of a {@code package.json} that decide what runs without the application asking: lifecycle
 * scripts, the entry points ({@code main} and every target of {@code exports}, all conditions), and
 * {@code gypfile}. Parsed with bounded nesting and string lengths; the file itself is already bounded
 * by {@code limits.maxEntryBytes}.
 *
 * @param name the package's name, or empty
 * @param scripts every string-valued script, in file order
 * @param main the {@code main} field, or empty when absent
 * @param exportTargets the relative targets ({@code ./x.js}) of {@code exports}, without patterns
 * @param dependencies name to spec of {@code dependencies} and {@code optionalDependencies}, sorted by name
 */
record PackageJson(String name, Map<String, String> scripts, String main, List<String> exportTargets,
    Map<String, String> dependencies) {
  /** Deepest nesting accepted: real manifests nest {@code exports} conditions a few levels. */
  static final int MAX_NESTING = 64;
  /** Most export targets followed; the largest real maps (e.g. of icon sets) are cut here. */
  static final int MAX_EXPORT_TARGETS = 512;

  PackageJson {
    scripts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(scripts));
    exportTargets = List.copyOf(exportTargets);
    dependencies = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(dependencies));
  }

  /** A mapper whose parser refuses what no manifest needs; one per analyzer, never reconfigured. */
  static ObjectMapper mapper() {
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING)
            .maxStringLength(4 << 20)
            .maxNumberLength(100)
            .build())
        .build();
    return JsonMapper.builder(factory).build();
  }

  /**
   * Parses {@code text}.
   *
   * @throws IOException with Jackson's sentence when the text is not a JSON object within the bounds
   */
  static PackageJson parse(ObjectMapper mapper, String text) throws IOException {
    JsonNode root = mapper.readTree(text);
    if (root == null || !root.isObject()) {
      throw new IOException("package.json is not a JSON object");
    }
    Map<String, String> scripts = new LinkedHashMap<>();
    JsonNode s = root.path("scripts");
    for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isTextual()) {
        scripts.put(e.getKey(), e.getValue().asText());
      }
    }
    Set<String> targets = new LinkedHashSet<>();
    collectTargets(root.path("exports"), targets, false);
    return new PackageJson(root.path("name").asText(""), scripts, root.path("main").asText(""),
        new ArrayList<>(targets), dependencies(root));
  }

  /** {@code dependencies} and {@code optionalDependencies} of a manifest: what npm installs with it. */
  static Map<String, String> dependencies(JsonNode manifest) {
    Map<String, String> out = new java.util.TreeMap<>();
    for (String field : new String[] {"dependencies", "optionalDependencies"}) {
      for (Iterator<Map.Entry<String, JsonNode>> it = manifest.path(field).fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getValue().isTextual()) {
          out.put(e.getKey(), e.getValue().asText());
        }
      }
    }
    return out;
  }

  private static void collectTargets(JsonNode node, Set<String> out, boolean types) {
    if (out.size() >= MAX_EXPORT_TARGETS) {
      return;
    }
    if (node.isTextual()) {
      String target = node.asText();
      // Type declarations are read by the compiler, never run; patterns name no single file.
      if (!types && target.startsWith("./") && !target.contains("*")) {
        out.add(target);
      }
    } else if (node.isArray()) {
      node.forEach(child -> collectTargets(child, out, types));
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        collectTargets(e.getValue(), out, types || e.getKey().equals("types") || e.getKey().equals("typings"));
      }
    }
  }
}
