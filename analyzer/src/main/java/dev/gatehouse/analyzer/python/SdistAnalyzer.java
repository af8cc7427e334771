package dev.gatehouse.analyzer.python;

import dev.gatehouse.analyzer.AnalysisLimits;
import dev.gatehouse.analyzer.ArchiveFinding;
import dev.gatehouse.analyzer.ArchiveProblem;
import dev.gatehouse.analyzer.ArtifactAnalyzer;
import dev.gatehouse.analyzer.CodeFinding;
import dev.gatehouse.analyzer.Deadline;
import dev.gatehouse.analyzer.Evidence;
import dev.gatehouse.analyzer.Finding;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.Trigger;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The analysis of a Python source distribution ({@code .tar.gz}, {@code .zip}, old {@code .tar.bz2}):
 * what runs when pip builds it, and what would run once the result is installed.
 *
 * <p>Build triggers: {@code setup.py} ({@link SetupScript}: top level, {@code cmdclass} overrides,
 * {@code setup_requires}) and the {@code pyproject.toml} build backend, above all an in-tree backend
 * ({@code backend-path}), whose module and PEP 517 hooks are analyzed; an in-tree backend is MEDIUM at
 * least, since it is build code shipped in the sdist itself. Install-time triggers: {@code .pth} files
 * with code and {@code sitecustomize}/{@code usercustomize} modules at the project root (or under
 * {@code src/}), and every module's top level, as for wheels. The sdist's files are read under its one
 * top folder ({@code name-version/}); module names are taken relative to it, or to its {@code src/}.
 * Stateless and thread-safe.
 */
public final class SdistAnalyzer implements ArtifactAnalyzer {
  private final java.util.concurrent.Executor modules;

  /** An analyzer that summarizes modules in the calling thread. */
  public SdistAnalyzer() {
    this(Runnable::run);
  }

  /** An analyzer that summarizes modules on {@code modules} while the archive is read. */
  public SdistAnalyzer(java.util.concurrent.Executor modules) {
    this.modules = java.util.Objects.requireNonNull(modules, "modules");
  }

  /** PEP 517's hooks: what a frontend calls on a backend. */
  private static final List<String> BACKEND_HOOKS = List.of(
      "get_requires_for_build_wheel", "get_requires_for_build_sdist", "get_requires_for_build_editable",
      "prepare_metadata_for_build_wheel", "prepare_metadata_for_build_editable", "build_wheel", "build_sdist",
      "build_editable");

  @Override
  public List<Finding> analyze(Path artifact, AnalysisLimits limits, Deadline deadline) throws IOException {
    // An sdist has no RECORD: nothing compares digests, so nothing is hashed.
    ArtifactFiles files = ArtifactFiles.read(artifact, limits, deadline, SdistAnalyzer::wantText, SdistAnalyzer::moduleOf,
        (path, size) -> false, modules);
    List<Finding> out = new ArrayList<>(files.findings);
    String root = root(files.files.keySet());
    Optional<PyprojectBackend> backend = Optional.ofNullable(files.texts.get(root + "pyproject.toml"))
        .flatMap(PyprojectBackend::parse);

    PackageCode code = new PackageCode(limits.maxCallDepth());
    java.util.Set<String> sourceRoots = sourceRoots(root, files.modules.keySet());
    for (ModuleSummary m : files.modules.values()) {
      List<String> more = new ArrayList<>(namesUnder(m.path(), sourceRoots));
      for (String dir : backend.map(PyprojectBackend::backendPath).orElse(List.of())) {
        String prefix = root + normalizedDir(dir);
        if (!prefix.equals(root) && m.path().startsWith(prefix) && m.path().endsWith(".py")) {
          more.add(WheelLayout.moduleName(m.path().substring(prefix.length())));
        }
      }
      code.add(m, more);
    }

    ModuleSummary setup = files.modules.get(root + "setup.py");
    if (setup != null) {
      Map<String, List<String>> cfg = SetupScript.cfgOptions(files.texts.getOrDefault(root + "setup.cfg", ""));
      out.addAll(new SetupScript(code).findings(setup, cfg.getOrDefault("setup_requires", List.of()),
          cfg.getOrDefault("dependency_links", List.of())));
    }
    backend.ifPresent(b -> out.addAll(backend(b, root, code)));

    // What the built distribution's entry_points.txt will hold, from each file that can declare it:
    // followed like a wheel's, since installing the result is enough for auto-loaded groups to run.
    PluginHooks plugins = new PluginHooks(code);
    if (setup != null) {
      out.addAll(plugins.entryPoints(setup.path(), SetupScript.entryPoints(setup)));
    }
    String cfg = root + "setup.cfg";
    if (files.texts.containsKey(cfg)) {
      out.addAll(plugins.entryPoints(cfg, SetupScript.cfgEntryPoints(files.texts.get(cfg))));
    }
    String pyproject = root + "pyproject.toml";
    if (files.texts.containsKey(pyproject)) {
      out.addAll(plugins.entryPoints(pyproject, PyprojectBackend.entryPoints(files.texts.get(pyproject))));
    }

    StartupHooks startup = new StartupHooks(code, files.scanner());
    for (Map.Entry<String, String> text : files.texts.entrySet()) {
      PthFile pth = text.getKey().endsWith(".pth") ? PthFile.parse(text.getKey(), text.getValue()) : null;
      // In an sdist a .pth is only a candidate (the build decides where it lands, and model weights are
      // named .pth too): only its code lines are worth reporting.
      if (pth != null && !pth.code().isEmpty()) {
        out.addAll(startup.pth(pth));
      }
    }
    for (ModuleSummary m : files.modules.values()) {
      if (isCustomize(m.path(), root)) {
        out.add(startup.customize(m));
      }
    }
    String setupPath = root + "setup.py";
    out.addAll(ImportTime.findings(code, files.modules.values(), deadline,
        p -> p.equals(setupPath) || isCustomize(p, root)));
    return out;
  }

  private List<Finding> backend(PyprojectBackend b, String root, PackageCode code) {
    String pyproject = root + "pyproject.toml";
    if (!b.readable()) {
      // pip refuses to build it; a file nobody can read is not called clean either (fail closed).
      return List.of(ArchiveFinding.of(ArchiveProblem.UNREADABLE_ENTRY, pyproject,
          "pyproject.toml is %s (line %d)".formatted(b.problem(), b.line())));
    }
    Evidence evidence = Evidence.of(pyproject, "build-system.build-backend",
        "build-backend = \"%s\"%s".formatted(b.backend(),
            b.inTree() ? ", backend-path = " + b.backendPath() : ""));
    if (b.backend().isEmpty()) {
      return List.of();
    }
    if (!b.inTree()) {
      boolean outside = b.requires().stream().anyMatch(SetupScript::bypassesIndex);
      String summary = "pip builds this sdist with %s, installed first from %s: %s".formatted(b.backend(),
          outside ? "a URL outside the package index" : "the index", String.join(", ", b.requires()));
      return List.of(new CodeFinding(Trigger.BUILD_BACKEND, List.of(), outside ? Severity.MEDIUM : Severity.INFO,
          summary, evidence));
    }
    List<Finding> out = new ArrayList<>();
    for (String dir : b.backendPath()) {
      if (PthFile.escapes(dir)) {
        out.add(ArchiveFinding.of(ArchiveProblem.PATH_TRAVERSAL, pyproject,
            "backend-path " + dir + " points outside the sdist"));
      }
    }
    ModuleSummary module = code.module(b.backendModule());
    String opening = "pip builds this sdist with %s, an in-tree build backend shipped in the sdist itself".formatted(
        b.backend());
    if (module == null) {
      out.add(HookFindings.of(Trigger.BUILD_BACKEND, new Reach.Builder().build(), Severity.MEDIUM, opening,
          "its module " + b.backendModule() + " was not found in backend-path", evidence));
      return out;
    }
    List<PackageCode.Start> starts = new ArrayList<>();
    starts.add(new PackageCode.Start(module.top(), module));
    for (String hook : BACKEND_HOOKS) {
      ScopeSummary body = module.functions().get(hook);
      if (body != null) {
        starts.add(new PackageCode.Start(body, module));
      }
    }
    Reach reach = code.reach(starts, true);
    out.add(HookFindings.of(Trigger.BUILD_BACKEND, reach, Severity.MEDIUM, opening, "its code reaches nothing notable",
        evidence));
    return out;
  }

  /**
   * Top folders of the sdist that hold Python code without being a package themselves ({@code lib/} with
   * {@code package_dir={"": "lib"}}, a folder a setup script puts on {@code sys.path}): a setup script
   * may import their modules by a name relative to them. {@code src/} is handled by {@link #moduleOf}.
   */
  private static java.util.Set<String> sourceRoots(String root, java.util.Set<String> modules) {
    java.util.Set<String> roots = new java.util.TreeSet<>();
    for (String path : modules) {
      String rel = path.substring(Math.min(root.length(), path.length()));
      int slash = rel.indexOf('/');
      if (slash > 0 && !rel.startsWith("src/")) {
        String top = root + rel.substring(0, slash + 1);
        if (!modules.contains(top + "__init__.py")) {
          roots.add(top);
        }
      }
    }
    return roots;
  }

  /**
   * The name of module {@code path} relative to the source root it sits under, if any. Names of the
   * standard library are not taken: Python finds its own {@code os} before a folder added later.
   */
  private static List<String> namesUnder(String path, java.util.Set<String> sourceRoots) {
    for (String r : sourceRoots) {
      if (path.startsWith(r) && path.endsWith(".py")) {
        String name = WheelLayout.moduleName(path.substring(r.length()));
        return name.isEmpty() || PythonCapabilities.isStdlib(name.split("\\.")[0]) ? List.of() : List.of(name);
      }
    }
    return List.of();
  }

  private static String normalizedDir(String dir) {
    String d = dir.replace('\\', '/').strip();
    while (d.startsWith("./")) {
      d = d.substring(2);
    }
    if (d.equals(".") || d.isEmpty()) {
      return "";
    }
    return d.endsWith("/") ? d : d + "/";
  }

  private static boolean isCustomize(String path, String root) {
    String rel = path.substring(Math.min(root.length(), path.length()));
    if (rel.startsWith("src/")) {
      rel = rel.substring(4);
    }
    return rel.equals("sitecustomize.py") || rel.equals("usercustomize.py");
  }

  /** The sdist's one top folder with a trailing slash ({@code name-1.0/}), or empty when files sit at the root. */
  static String root(java.util.Set<String> paths) {
    String root = null;
    for (String p : paths) {
      int slash = p.indexOf('/');
      String top = slash < 0 ? "" : p.substring(0, slash + 1);
      if (root == null) {
        root = top;
      } else if (!root.equals(top)) {
        return "";
      }
    }
    return root == null ? "" : root;
  }

  private static String relative(String path) {
    int slash = path.indexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  private static SourceFile moduleOf(String path) {
    String rel = relative(path);
    boolean runsAsMain = rel.equals("setup.py");
    if (rel.startsWith("src/")) {
      rel = rel.substring(4);
    }
    String name = WheelLayout.moduleName(rel);
    return new SourceFile(path, name, rel.endsWith("__init__.py"), runsAsMain);
  }

  private static boolean wantText(String path) {
    String rel = relative(path);
    return rel.equals("pyproject.toml") || rel.equals("setup.cfg") || path.endsWith(".pth");
  }
}
