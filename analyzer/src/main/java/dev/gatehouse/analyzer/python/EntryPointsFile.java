package dev.gatehouse.analyzer.python;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A distribution's {@code entry_points.txt} (an INI file of {@code [group]} sections and {@code name =
 * module:attr} lines), and which of its groups are loaded by their hosts without anyone asking.
 *
 * <p>Most entry points run only when someone asks for them: {@code console_scripts} and {@code
 * gui_scripts} when a user types the command; {@code sphinx.*}, {@code mkdocs.plugins}, {@code
 * markdown.extensions}, {@code paste.*}, {@code pylint} plugins, {@code babel.*}, {@code pygments.*},
 * {@code setuptools_scm.*}, {@code fsspec.specs}, {@code pandas_plotting_backends} and {@code
 * jupyter_client.kernel_provisioners} when a configuration or a lookup names them. The groups in
 * {@link #AUTO_LOADED} are different: their host imports (and usually calls) every entry of every
 * installed distribution as soon as it runs, so installing the package is enough for its code to run:
 * <ul>
 *   <li>{@code pytest11}: pytest loads every plugin at start-up (pluggy {@code load_setuptools_entrypoints});
 *   <li>{@code flake8.extension}, {@code flake8.report}: flake8 loads every registered plugin;
 *   <li>{@code setuptools.finalize_distribution_options}, {@code egg_info.writers}, {@code
 *       setuptools.file_finders}: setuptools calls every one of them in every build;
 *   <li>{@code distutils.commands}: loaded by command name (a plugin may claim {@code build_py}) and all
 *       at once when setuptools lists or validates commands; {@code distutils.setup_keywords}: loaded
 *       whenever a build sets the keyword;
 *   <li>{@code hatch} (hatchling, through pluggy), {@code pdm}, {@code poetry.plugin}, {@code
 *       poetry.application.plugin}, {@code tox}: build and project tools load every plugin;
 *   <li>{@code keyring.backends}: importing keyring (which pip does for index credentials) loads and
 *       calls every backend;
 *   <li>{@code virtualenv.activate}, {@code .create}, {@code .discovery}, {@code .seed}: virtualenv
 *       loads every plugin to build its command line;
 *   <li>{@code pyinstaller40}: PyInstaller calls every {@code hook-dirs} entry;
 *   <li>{@code hypothesis}: importing hypothesis loads and calls every entry;
 *   <li>{@code networkx.backend_info}, {@code triton.backends}: importing networkx or triton loads them;
 *   <li>{@code tensorboard_plugins}: TensorBoard loads every plugin at start-up;
 *   <li>{@code opentelemetry_instrumentor}, {@code opentelemetry_distro}, {@code
 *       opentelemetry_configurator}: auto-instrumentation loads every one at interpreter start;
 *   <li>{@code pytest_randomly.random_seeder}, {@code datasette}, {@code llm}, {@code
 *       validate_pyproject.tool_schema}: their hosts load every entry of the group.
 * </ul>
 */
final class EntryPointsFile {
  /**
   * One entry point.
   *
   * @param group the section
   * @param name the entry's name
   * @param module the module it names
   * @param attribute the attribute after {@code :}, or empty
   * @param line the 1-based line in the file
   * @param text the line as written
   */
  record EntryPoint(String group, String name, String module, String attribute, int line, String text) {
    boolean autoLoaded() {
      return AUTO_LOADED.contains(group);
    }
  }

  static final Set<String> AUTO_LOADED = Set.of(
      "pytest11", "flake8.extension", "flake8.report", "setuptools.finalize_distribution_options",
      "egg_info.writers", "setuptools.file_finders", "distutils.commands", "distutils.setup_keywords", "hatch",
      "pdm", "poetry.plugin", "poetry.application.plugin", "tox", "keyring.backends", "virtualenv.activate",
      "virtualenv.create", "virtualenv.discovery", "virtualenv.seed", "pyinstaller40", "hypothesis",
      "networkx.backend_info", "triton.backends", "tensorboard_plugins", "opentelemetry_instrumentor",
      "opentelemetry_distro", "opentelemetry_configurator", "pytest_randomly.random_seeder", "datasette", "llm",
      "validate_pyproject.tool_schema");

  private EntryPointsFile() {}

  /** Reads every entry of the file; lines it cannot read are skipped. */
  static List<EntryPoint> parse(String text) {
    List<EntryPoint> entries = new ArrayList<>();
    String group = "";
    String[] lines = text.split("\r?\n|\r", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        group = line.substring(1, line.length() - 1).strip();
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0 || group.isEmpty()) {
        continue;
      }
      String name = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      int extras = value.indexOf('[');
      if (extras >= 0) {
        value = value.substring(0, extras).strip();
      }
      int colon = value.indexOf(':');
      String module = (colon < 0 ? value : value.substring(0, colon)).strip();
      String attribute = colon < 0 ? "" : value.substring(colon + 1).strip();
      if (!module.isEmpty()) {
        entries.add(new EntryPoint(group, name, module, attribute, i + 1, line));
      }
    }
    return entries;
  }
}
