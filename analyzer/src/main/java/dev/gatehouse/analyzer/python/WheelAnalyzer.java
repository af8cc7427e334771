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
import java.util.TreeMap;

/**
 * The analysis of a Python wheel (PEP 427): what runs by itself once it is installed, and whether the
 * archive is what it says it is.
 *
 * <p>Triggers: {@code .pth} files landing in site-packages (startup hooks), {@code sitecustomize} and
 * {@code usercustomize} modules landing there, entry points in auto-loaded groups and Jupyter server
 * extensions enabled by configuration (plugins; with the hooks their hosts call, and console scripts,
 * followed more weakly, see {@link PluginHooks}), and the top-level code of every module (import time,
 * reported only when it reaches a capability). Files placed outside the package ({@code .data/scripts},
 * {@code data}, {@code headers}) are recorded. Archive findings: hostile names (also inside {@code
 * .data/}), files missing from or differing from {@code RECORD} (in size, and in digest for the files
 * {@link #hashed} names), and a {@code .dist-info} that
 * disagrees with its own metadata. Stateless and thread-safe.
 */
public final class WheelAnalyzer implements ArtifactAnalyzer {
  private final java.util.concurrent.Executor modules;

  /** An analyzer that summarizes modules in the calling thread. */
  public WheelAnalyzer() {
    this(Runnable::run);
  }

  /** An analyzer that summarizes modules on {@code modules} while the archive is read. */
  public WheelAnalyzer(java.util.concurrent.Executor modules) {
    this.modules = java.util.Objects.requireNonNull(modules, "modules");
  }

  /** Placed files named one by one in the summary; the rest are counted. */
  private static final int NAMED_FILES = 5;

  @Override
  public List<Finding> analyze(Path artifact, AnalysisLimits limits, Deadline deadline) throws IOException {
    ArtifactFiles files = ArtifactFiles.read(artifact, limits, deadline, WheelAnalyzer::wantText, WheelAnalyzer::moduleOf,
        WheelAnalyzer::hashed, modules);
    List<Finding> out = new ArrayList<>(files.findings);
    List<ArchiveFinding> archive = new ArrayList<>();
    // After a limit stopped the walk, what is missing was not read, not absent: its finding says so.
    Optional<DistInfo> info = files.stopped() ? Optional.empty()
        : DistInfo.check(files.files.keySet(), files.texts, archive);
    if (info.isPresent()) {
      String record = info.get().path("RECORD");
      String text = files.texts.get(record);
      if (text == null) {
        archive.add(ArchiveFinding.of(ArchiveProblem.RECORD_MISMATCH, record,
            "wheel has no RECORD, so nothing vouches for its files"));
      } else {
        archive.addAll(WheelRecord.verify(record, WheelRecord.parse(text), files.files));
      }
    }
    out.addAll(archive);
    out.addAll(placements(files));

    PackageCode code = new PackageCode(limits.maxCallDepth());
    files.modules.values().forEach(m -> code.add(m, List.of()));
    for (String path : files.files.keySet()) {
      String site = WheelLayout.inSitePackages(path);
      String compiled = site == null ? null : WheelLayout.compiledModuleName(site);
      if (compiled != null) {
        code.addCompiled(compiled);
      }
    }
    StartupHooks startup = new StartupHooks(code, files.scanner());
    for (Map.Entry<String, String> text : files.texts.entrySet()) {
      if (text.getKey().endsWith(".pth")) {
        out.addAll(startup.pth(PthFile.parse(text.getKey(), text.getValue())));
      }
    }
    for (ModuleSummary m : files.modules.values()) {
      if (isCustomize(m.path())) {
        out.add(startup.customize(m));
      }
    }
    PluginHooks plugins = new PluginHooks(code);
    if (info.isPresent()) {
      String entryPoints = info.get().path("entry_points.txt");
      if (files.texts.containsKey(entryPoints)) {
        out.addAll(plugins.entryPoints(entryPoints, files.texts.get(entryPoints)));
      }
    }
    for (Map.Entry<String, String> text : files.texts.entrySet()) {
      if (text.getKey().endsWith(".json")) {
        out.addAll(plugins.jupyterConfig(text.getKey(), text.getValue()));
      }
    }
    out.addAll(ImportTime.findings(code, files.modules.values(), deadline, WheelAnalyzer::isCustomize));
    return out;
  }

  /** Files up to this size are hashed whatever they are: hashing them costs little. */
  static final long CHEAP_TO_HASH = 1L << 20;

  /**
   * Which files RECORD's digests are checked for: every file the interpreter or an installer runs as Python
   * or as a command ({@code .py}, {@code .pyc}, {@code .pth}, {@code .data/scripts}), the {@code .dist-info},
   * and any file up to {@link #CHEAP_TO_HASH}. Larger native libraries and data files, where nearly all of
   * a large wheel's bytes are (tensorflow's {@code .so} files), are checked against RECORD by size only and
   * not inflated: their code cannot be read by the analysis anyway, and a tampered one that keeps its size
   * would come with a RECORD rewritten to match, which no digest check can tell.
   */
  static boolean hashed(String path, long declaredSize) {
    if (declaredSize <= CHEAP_TO_HASH) {
      return true;
    }
    String scheme = WheelLayout.scheme(path);
    int slash = path.indexOf('/');
    return path.endsWith(".py") || path.endsWith(".pyc") || path.endsWith(".pth") || path.endsWith(".pyw")
        || "scripts".equals(scheme) || (slash > 0 && path.substring(0, slash).endsWith(".dist-info"));
  }

  private static boolean isCustomize(String path) {
    String site = WheelLayout.inSitePackages(path);
    return "sitecustomize.py".equals(site) || "usercustomize.py".equals(site);
  }

  private static SourceFile moduleOf(String path) {
    String site = WheelLayout.inSitePackages(path);
    if (site == null || !site.endsWith(".py")) {
      return null;
    }
    return new SourceFile(path, WheelLayout.moduleName(site), site.endsWith("__init__.py"), false);
  }

  private static boolean wantText(String path) {
    String site = WheelLayout.inSitePackages(path);
    if (site != null && site.endsWith(".pth") && site.indexOf('/') < 0) {
      return true; // site reads .pth files only at the top of site-packages
    }
    int slash = path.indexOf('/');
    if (slash > 0 && path.substring(0, slash).endsWith(".dist-info") && path.indexOf('/', slash + 1) < 0) {
      String file = path.substring(slash + 1);
      return file.equals("METADATA") || file.equals("WHEEL") || file.equals("RECORD") || file.equals("entry_points.txt");
    }
    String data = "data".equals(WheelLayout.scheme(path)) ? WheelLayout.inScheme(path) : null;
    return data != null && data.startsWith("etc/jupyter/") && data.endsWith(".json");
  }

  /** Files placed outside the package, by scheme; hostile destinations are archive findings. */
  private static List<Finding> placements(ArtifactFiles files) {
    List<Finding> out = new ArrayList<>();
    Map<String, List<String>> byScheme = new TreeMap<>();
    for (String path : files.files.keySet()) {
      String scheme = WheelLayout.scheme(path);
      if (scheme == null) {
        continue;
      }
      String rest = WheelLayout.inScheme(path);
      if (!WheelLayout.SCHEMES.contains(scheme)) {
        out.add(new ArchiveFinding(ArchiveProblem.MALFORMED, Severity.MEDIUM,
            "unknown install scheme '" + scheme + "'; installers refuse the wheel", Evidence.of(path, "", "")));
        continue;
      }
      if (rest == null || rest.isEmpty() || rest.startsWith("/") || rest.contains("//")
          || (rest.length() > 1 && rest.charAt(1) == ':')) {
        out.add(ArchiveFinding.of(ArchiveProblem.PATH_TRAVERSAL, path,
            "install path inside " + scheme + " is absolute or empty: " + rest));
        continue;
      }
      if (!scheme.equals("purelib") && !scheme.equals("platlib")) {
        byScheme.computeIfAbsent(scheme, k -> new ArrayList<>()).add(rest);
      }
    }
    for (Map.Entry<String, List<String>> e : byScheme.entrySet()) {
      List<String> placed = e.getValue();
      String named = String.join(", ", placed.subList(0, Math.min(NAMED_FILES, placed.size())))
          + (placed.size() > NAMED_FILES ? " and %d more".formatted(placed.size() - NAMED_FILES) : "");
      String where = switch (e.getKey()) {
        case "scripts" -> "the environment's bin folder, as commands on the PATH";
        case "headers" -> "the environment's include folder";
        default -> "the environment's prefix";
      };
      String summary = "installs %d file%s into %s: %s".formatted(
          placed.size(), placed.size() == 1 ? "" : "s", where, named);
      out.add(new CodeFinding(Trigger.INSTALLED_FILE, List.of(), Severity.INFO, summary,
          Evidence.of(files.files.keySet().stream().filter(p -> e.getKey().equals(WheelLayout.scheme(p)))
              .findFirst().orElse(""), ".data/" + e.getKey(), named)));
    }
    return out;
  }
}
