package dev.gatehouse.analyzer.python;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code [build-system]} table of a {@code pyproject.toml} (PEP 517, PEP 518): the requirements
 * installed before a build, the backend module that builds, and {@code backend-path}, the folders of
 * the sdist itself put on {@code sys.path} first, which makes the backend code shipped inside the sdist
 * (an in-tree backend) rather than a package from the index.
 *
 * <p>Read with a TOML 1.0 parser (jackson-dataformat-toml), so that inline tables ({@code build-system =
 * {...}}), dotted keys and quoted keys mean what pip's {@code tomllib} reads. A file that is not TOML is
 * still a result, with {@link #problem()} saying why: pip refuses to build it, and Gatehouse does not
 * call it clean either.
 *
 * @param requires {@code build-system.requires}
 * @param backend {@code build-system.build-backend}, or empty when absent (setuptools' legacy build)
 * @param backendPath {@code build-system.backend-path}
 * @param line the line of {@code build-backend}, or of the table, or where the TOML broke
 * @param problem why the file is not TOML, or empty
 */
record PyprojectBackend(List<String> requires, String backend, List<String> backendPath, int line, String problem) {
  /**
   * Real pyproject files nest a few levels; the limit keeps a hostile {@code [[[[...} from costing stack.
   * The parser's own constraints are set here, never Jackson's global defaults.
   */
  private static final TomlMapper TOML = new TomlMapper(TomlFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
      .build());
  private static final Pattern BACKEND_KEY = Pattern.compile("(^|[\\s{,.])[\"']?build-backend[\"']?\\s*=");
  private static final Pattern TABLE = Pattern.compile("^\\s*(\\[\\s*[\"']?build-system[\"']?\\s*]|[\"']?build-system[\"']?\\s*[.=])");

  PyprojectBackend {
    requires = List.copyOf(requires);
    backendPath = List.copyOf(backendPath);
  }

  /** The backend's module: {@code build-backend = "pkg.mod:object"} names {@code pkg.mod}. */
  String backendModule() {
    int colon = backend.indexOf(':');
    return (colon < 0 ? backend : backend.substring(0, colon)).strip();
  }

  boolean inTree() {
    return !backendPath.isEmpty();
  }

  /** False when the file is not TOML; {@link #problem()} says why. */
  boolean readable() {
    return problem.isEmpty();
  }

  /**
   * The build system {@code text} declares; empty when it declares none, and a result with a {@link
   * #problem()} when the text is not TOML. Never throws on any input.
   */
  static Optional<PyprojectBackend> parse(String text) {
    JsonNode root;
    try {
      root = TOML.readTree(text);
    } catch (JsonProcessingException broken) {
      JsonLocation at = broken.getLocation();
      int line = at == null ? 0 : Math.max(0, at.getLineNr());
      return Optional.of(new PyprojectBackend(List.of(), "", List.of(), line,
          "not valid TOML: " + broken.getOriginalMessage()));
    } catch (RuntimeException broken) {
      // The parser signals some malformed input (bad escapes, numbers) with unchecked exceptions.
      return Optional.of(new PyprojectBackend(List.of(), "", List.of(), 0, "not valid TOML: " + broken.getMessage()));
    }
    JsonNode table = root == null ? null : root.get("build-system");
    if (table == null || !table.isObject()) {
      return Optional.empty();
    }
    JsonNode backend = table.path("build-backend");
    return Optional.of(new PyprojectBackend(strings(table.path("requires")),
        backend.isTextual() ? backend.asText() : "", strings(table.path("backend-path")), lineOf(text), ""));
  }

  /**
   * The entry points a {@code pyproject.toml} declares (PEP 621: {@code [project.scripts]}, {@code
   * [project.gui-scripts]}, {@code [project.entry-points.GROUP]}), written as an {@code entry_points.txt};
   * empty when it declares none or is not TOML.
   */
  static String entryPoints(String text) {
    JsonNode project;
    try {
      JsonNode root = TOML.readTree(text);
      project = root == null ? null : root.get("project");
    } catch (JsonProcessingException | RuntimeException broken) {
      return ""; // parse() reports the broken file
    }
    if (project == null || !project.isObject()) {
      return "";
    }
    StringBuilder ini = new StringBuilder();
    group(ini, "console_scripts", project.path("scripts"));
    group(ini, "gui_scripts", project.path("gui-scripts"));
    for (Iterator<Map.Entry<String, JsonNode>> it = project.path("entry-points").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> group = it.next();
      group(ini, group.getKey(), group.getValue());
    }
    return ini.toString();
  }

  private static void group(StringBuilder ini, String group, JsonNode entries) {
    if (!entries.isObject() || entries.isEmpty()) {
      return;
    }
    ini.append('[').append(group).append("]\n");
    for (Iterator<Map.Entry<String, JsonNode>> it = entries.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isTextual()) {
        ini.append(e.getKey().replace("=", "")).append(" = ").append(e.getValue().asText()).append('\n');
      }
    }
  }

  private static List<String> strings(JsonNode value) {
    List<String> out = new ArrayList<>();
    if (value.isArray()) {
      value.forEach(item -> {
        if (item.isTextual()) {
          out.add(item.asText());
        }
      });
    } else if (value.isTextual()) {
      out.add(value.asText());
    }
    return out;
  }

  /** The tree has no positions: the first line naming {@code build-backend}, else the table, for evidence. */
  private static int lineOf(String text) {
    String[] lines = text.split("\n", -1);
    int table = 0;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int hash = line.indexOf('#');
      String code = hash < 0 ? line : line.substring(0, hash);
      if (BACKEND_KEY.matcher(code).find()) {
        return i + 1;
      }
      if (table == 0 && TABLE.matcher(code).find()) {
        table = i + 1;
      }
    }
    return table;
  }
}
