package dev.gatehouse.analyzer.python;

import dev.gatehouse.analyzer.CodeFinding;
import dev.gatehouse.analyzer.Evidence;
import dev.gatehouse.analyzer.Finding;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.Trigger;
import java.util.ArrayList;
import java.util.List;

/**
 * Findings for code that runs at every interpreter start: {@code .pth} code lines and {@code
 * sitecustomize}/{@code usercustomize} modules that land in site-packages.
 *
 * <p>A {@code .pth} line is in the recognised benign form, and LOW, when it reaches no capability and
 * everything it imports or calls is the standard library or this artifact's own code: setuptools'
 * {@code distutils-precedence.pth}, editable-install finders, namespace-package lines, coverage's
 * start-up hook. Modules of the artifact that the line imports are analyzed as part of the hook (their
 * top level, and the functions the line calls). A line that imports another package's code, or a
 * compiled module whose code cannot be read, is MEDIUM; capabilities decide the rest.
 */
final class StartupHooks {
  private final PackageCode code;
  private final ModuleScanner scanner;

  StartupHooks(PackageCode code, ModuleScanner scanner) {
    this.code = code;
    this.scanner = scanner;
  }

  List<Finding> pth(PthFile pth) {
    List<Finding> out = new ArrayList<>();
    if (pth.code().isEmpty()) {
      if (!pth.paths().isEmpty()) {
        PthFile.Line first = pth.paths().get(0);
        boolean escapes = pth.paths().stream().anyMatch(l -> PthFile.escapes(l.text()));
        String summary = "%s adds %d folder%s to sys.path at every interpreter start%s".formatted(pth.path(),
            pth.paths().size(), pth.paths().size() == 1 ? "" : "s",
            escapes ? ", including one outside site-packages" : "; it runs no code");
        out.add(new CodeFinding(Trigger.STARTUP_HOOK, List.of(), escapes ? Severity.LOW : Severity.INFO, summary,
            Evidence.of(pth.path(), "line " + first.number(), first.text())));
      }
      return out;
    }
    for (PthFile.Line line : pth.code()) {
      ModuleSummary snippet = scanner.summarize(new SourceFile(pth.path(), "", false, false), line.text());
      Reach reach = code.reach(List.of(new PackageCode.Start(snippet.top(), null)), true);
      List<String> own = snippet.top().imports().stream().map(CallSite::target)
          .filter(m -> code.owns(m.split("\\.")[0]) && !code.compiled(m)).distinct().toList();
      boolean benign = reach.capabilities().isEmpty() && reach.foreign().isEmpty() && reach.opaque().isEmpty();
      String quiet;
      if (!reach.foreign().isEmpty()) {
        quiet = "it runs code of " + String.join(", ", reach.foreign()) + ", which this artifact does not ship";
      } else if (!reach.opaque().isEmpty()) {
        quiet = "it runs compiled code Gatehouse cannot read (" + String.join(", ", reach.opaque()) + ")";
      } else if (!own.isEmpty()) {
        quiet = "it imports " + String.join(", ", own) + " of this artifact, which reaches nothing notable";
      } else {
        quiet = "it uses only the standard library and reaches nothing notable";
      }
      out.add(HookFindings.of(Trigger.STARTUP_HOOK, reach, benign ? Severity.LOW : Severity.MEDIUM,
          "%s line %d runs at every interpreter start".formatted(pth.path(), line.number()), quiet,
          Evidence.of(pth.path(), "line " + line.number(), line.text())));
    }
    return out;
  }

  /** {@code sitecustomize}/{@code usercustomize} in site-packages: imported by {@code site} at every start. */
  Finding customize(ModuleSummary module) {
    Reach reach = code.reach(List.of(new PackageCode.Start(module.top(), module)), true);
    String name = module.path().substring(module.path().lastIndexOf('/') + 1);
    return HookFindings.of(Trigger.STARTUP_HOOK, reach, Severity.MEDIUM,
        "%s lands in site-packages, where Python imports it at every interpreter start".formatted(name),
        "its code reaches nothing notable", HookFindings.evidence(module.path(), reach, 0, ""));
  }
}
