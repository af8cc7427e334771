package dev.gatehouse.analyzer.npm;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.gatehouse.analyzer.archive.ArchiveWalker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The analysis of an npm package tarball ({@code .tgz}): what runs when it is installed and imported.
 *
 * <ul>
 *   <li>{@link Trigger#NPM_LIFECYCLE_SCRIPT}: {@code preinstall}, {@code install}, {@code postinstall},
 *       {@code preprepare}, {@code prepare}, {@code postprepare}, followed into the code they run.
 *   <li>{@link Trigger#IMPLICIT_NATIVE_BUILD}: {@code node-gyp rebuild}, which npm runs when the package
 *       has a {@code binding.gyp} and declares neither {@code install} nor {@code preinstall}, with the
 *       commands the gyp file makes node-gyp run.
 *   <li>{@link Trigger#IMPORT_TIME}: the code that runs at load in the {@code main} and {@code exports}
 *       entry files and the package files they load, reported only when it reaches a capability.
 * </ul>
 *
 * <p>The tarball is read only through {@link ArchiveWalker}; every archive problem is an {@link
 * ArchiveFinding}, and so is a missing or broken {@code package.json}, since nothing about such a package
 * can be judged. Stateless and safe for concurrent use; it never runs anything from the package.
 */
public final class NpmPackageAnalyzer implements ArtifactAnalyzer {
  private final ObjectMapper mapper = PackageJson.mapper();

  @Override
  public List<Finding> analyze(Path artifact, AnalysisLimits limits, Deadline deadline) throws IOException {
    ArchiveWalker walker = new ArchiveWalker(limits, deadline);
    PackageFiles files = PackageFiles.read(artifact, limits, deadline, walker);
    List<Finding> findings = new ArrayList<>();
    if (!walker.stopped()) {
      findings.addAll(analyzePackage(files, limits, walker));
    }
    findings.addAll(walker.findings());
    return findings;
  }

  private List<Finding> analyzePackage(PackageFiles files, AnalysisLimits limits, ArchiveWalker walker)
      throws IOException {
    Optional<String> manifest = files.text("package.json");
    if (manifest.isEmpty()) {
      String why = files.exists("package.json") ? "package.json could not be read"
          : "no package.json in the package's top folder";
      return List.of(ArchiveFinding.of(ArchiveProblem.MALFORMED, files.entryPath("package.json"), why));
    }
    PackageJson pkg;
    try {
      pkg = PackageJson.parse(mapper, manifest.get());
    } catch (IOException broken) {
      String message = String.valueOf(broken.getMessage()).lines().findFirst().orElse("").strip();
      return List.of(ArchiveFinding.of(ArchiveProblem.MALFORMED, files.entryPath("package.json"),
          "package.json is not valid JSON: " + message));
    }
    ModuleGraph graph = new ModuleGraph(files, pkg.name(), walker, limits.maxCallDepth(), limits.maxClasses());
    LifecycleScripts scripts = new LifecycleScripts(files, graph, pkg.scripts());
    List<Finding> findings = new ArrayList<>();
    for (String key : LifecycleScripts.INSTALL) {
      if (pkg.scripts().containsKey(key)) {
        findings.add(scriptFinding(files, key, pkg.scripts().get(key), scripts.analyze(key), Assessment.When.INSTALL));
      }
    }
    for (String key : LifecycleScripts.PREPARE) {
      if (pkg.scripts().containsKey(key)) {
        findings.add(scriptFinding(files, key, pkg.scripts().get(key), scripts.analyze(key), Assessment.When.PREPARE));
      }
    }
    nativeBuild(files, pkg, scripts).ifPresent(findings::add);
    offRegistryDependencies(files, pkg).ifPresent(findings::add);
    findings.addAll(importTime(files, pkg, graph));
    return findings;
  }

  /**
   * Dependencies npm fetches from git, a URL or a path: their code, install and prepare scripts included,
   * never passes through Gatehouse, so the install step they add cannot be looked into.
   */
  private static Optional<CodeFinding> offRegistryDependencies(PackageFiles files, PackageJson pkg) {
    List<String> named = new ArrayList<>();
    boolean remote = false;
    boolean git = false;
    for (Map.Entry<String, String> d : pkg.dependencies().entrySet()) {
      Optional<String> where = DependencySource.offRegistry(d.getValue());
      if (where.isPresent()) {
        named.add("%s from %s (`%s`)".formatted(d.getKey(), where.get(), d.getValue()));
        remote |= !where.get().startsWith("a path");
        git |= where.get().equals(DependencySource.GIT);
      }
    }
    if (named.isEmpty()) {
      return Optional.empty();
    }
    String summary = "npm installs " + named.get(0) + (named.size() > 1 ? " and " + (named.size() - 1) + " more" : "")
        + " instead of from the registry: what its install" + (git ? " and prepare" : "")
        + " scripts run is in no artifact Gatehouse sees";
    Map.Entry<String, String> first = pkg.dependencies().entrySet().stream()
        .filter(d -> DependencySource.offRegistry(d.getValue()).isPresent()).findFirst().orElseThrow();
    return Optional.of(new CodeFinding(Trigger.NPM_LIFECYCLE_SCRIPT,
        remote ? List.of(dev.gatehouse.analyzer.Capability.NETWORK) : List.of(), Severity.MEDIUM, summary,
        Evidence.of(files.entryPath("package.json"), "dependencies." + first.getKey(), first.getValue())));
  }

  private static CodeFinding scriptFinding(PackageFiles files, String key, String command, Reach reach,
      Assessment.When when) {
    Severity severity = Assessment.severity(when, reach);
    StringBuilder summary = new StringBuilder(key).append(" runs `").append(shorten(command)).append('`');
    String doing = Assessment.doing(reach);
    String unseen = Assessment.unseen(reach);
    if (!doing.isEmpty()) {
      summary.append(", which ").append(doing);
    }
    if (!unseen.isEmpty()) {
      summary.append(doing.isEmpty() ? ", which " : "; it ").append(unseen);
    }
    if (doing.isEmpty() && unseen.isEmpty()) {
      summary.append(reach.benign().isEmpty() ? ", which does nothing notable" : ", a recognised benign form");
    }
    if (when == Assessment.When.PREPARE) {
      summary.append(" (prepare scripts run only for git dependencies and local installs)");
    }
    return new CodeFinding(Trigger.NPM_LIFECYCLE_SCRIPT, reach.capabilities(), severity, summary.toString(),
        Evidence.of(files.entryPath("package.json"), "scripts." + key, command));
  }

  /**
   * npm runs {@code node-gyp rebuild} when binding.gyp exists and neither {@code install} nor {@code
   * preinstall} is declared, so a package with no scripts can still run code at install time.
   */
  private static Optional<CodeFinding> nativeBuild(PackageFiles files, PackageJson pkg, LifecycleScripts scripts)
      throws IOException {
    if (!files.exists("binding.gyp")) {
      return Optional.empty();
    }
    boolean implicit = !pkg.scripts().containsKey("install") && !pkg.scripts().containsKey("preinstall");
    Reach reach = new Reach();
    List<String> commands = BindingGyp.commands(files.text("binding.gyp").orElse(""));
    for (String command : commands) {
      reach.merge(scripts.analyzeCommand(command, "binding.gyp"));
    }
    if (!implicit && reach.isEmpty() && reach.opaque().isEmpty()) {
      return Optional.empty(); // an install script decides whether node-gyp runs; nothing more to say
    }
    Severity severity = Assessment.severity(Assessment.When.NATIVE_BUILD, reach);
    StringBuilder summary = new StringBuilder(implicit
        ? "binding.gyp makes npm run `node-gyp rebuild` at install"
        : "binding.gyp, built by the install script, runs commands");
    String doing = Assessment.doing(reach);
    String unseen = Assessment.unseen(reach);
    if (!doing.isEmpty()) {
      summary.append("; its commands ").append(doing);
    }
    if (!unseen.isEmpty()) {
      summary.append("; it ").append(unseen);
    }
    return Optional.of(new CodeFinding(implicit ? Trigger.IMPLICIT_NATIVE_BUILD : Trigger.NPM_LIFECYCLE_SCRIPT,
        reach.capabilities(), severity, summary.toString(),
        Evidence.of(files.entryPath("binding.gyp"), commands.isEmpty() ? "" : "actions",
            commands.isEmpty() ? "node-gyp rebuild" : String.join("; ", commands))));
  }

  /** One finding per distinct reach of the entry points; entries that reach the same code share it. */
  private static List<Finding> importTime(PackageFiles files, PackageJson pkg, ModuleGraph graph) throws IOException {
    Set<String> entries = new LinkedHashSet<>();
    String main = pkg.main().isEmpty() ? "index.js" : pkg.main();
    String mainBase = ModuleGraph.normalize(main.replace('\\', '/'));
    if (mainBase != null) {
      graph.resolveFile(mainBase).ifPresent(entries::add);
    }
    for (String target : pkg.exportTargets()) {
      String base = ModuleGraph.normalize(target);
      if (base != null) {
        graph.resolveFile(base).ifPresent(entries::add);
      }
    }
    Map<List<Sighting>, List<String>> byReach = new LinkedHashMap<>();
    Map<List<Sighting>, Reach> reaches = new LinkedHashMap<>();
    for (String entry : entries) {
      if (entry.endsWith(".json") || entry.endsWith(".node")) {
        continue;
      }
      Reach reach = graph.imports(entry);
      if (reach.isEmpty() && reach.limits().isEmpty()) {
        continue;
      }
      List<Sighting> key = reach.firstSightings();
      byReach.computeIfAbsent(key, k -> new ArrayList<>()).add(entry);
      reaches.putIfAbsent(key, reach);
    }
    List<Finding> findings = new ArrayList<>();
    for (Map.Entry<List<Sighting>, List<String>> e : byReach.entrySet()) {
      Reach reach = reaches.get(e.getKey());
      List<String> entryFiles = e.getValue();
      String which = entryFiles.size() == 1 ? entryFiles.get(0)
          : entryFiles.get(0) + " (and " + (entryFiles.size() - 1) + " more entry points)";
      StringBuilder summary = new StringBuilder("importing ").append(which).append(" runs code at load that ");
      String doing = Assessment.doing(reach);
      summary.append(doing.isEmpty() ? "could not be fully analyzed" : doing);
      if (!reach.limits().isEmpty()) {
        summary.append("; analysis stopped: ").append(reach.limits().get(0));
      }
      Sighting first = reach.isEmpty() ? null : reach.firstSightings().get(0);
      Evidence evidence = first == null ? Evidence.of(files.entryPath(entryFiles.get(0)), "", "")
          : Evidence.of(files.entryPath(first.file()), "line " + first.line(), first.excerpt());
      Severity severity = Assessment.severity(Assessment.When.IMPORT, reach);
      if (!reach.limits().isEmpty() && severity.compareTo(Severity.MEDIUM) < 0) {
        severity = Severity.MEDIUM; // what was not read is never reported clean
      }
      findings.add(new CodeFinding(Trigger.IMPORT_TIME, reach.capabilities(), severity, summary.toString(), evidence));
    }
    return findings;
  }

  private static String shorten(String command) {
    String oneLine = command.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 119) + "…";
  }
}
