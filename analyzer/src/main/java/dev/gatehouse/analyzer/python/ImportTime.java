package dev.gatehouse.analyzer.python;

import dev.gatehouse.analyzer.ArchiveFinding;
import dev.gatehouse.analyzer.ArchiveProblem;
import dev.gatehouse.analyzer.CodeFinding;
import dev.gatehouse.analyzer.Deadline;
import dev.gatehouse.analyzer.Finding;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.Trigger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Import-time findings: for each module, what its top level reaches, following calls into the
 * artifact's own functions at most {@link #MAX_CALL_DEPTH} levels deep (not its imports, which are
 * reported as their own modules). A module is reported only when its top level reaches a capability;
 * defining functions and classes is what modules are for.
 *
 * <p>Three kinds of module run only when someone asks, not on {@code import}, and are judged so:
 * {@code __main__.py} (run by {@code python -m}) is skipped; modules of test suites ({@code tests/},
 * {@code _tests/}, {@code test_*.py}, {@code conftest.py}) run under a test runner and are reported at most LOW unless
 * they have the CRITICAL shape of an attack.
 */
final class ImportTime {
  /**
   * Calls followed from a module's top level. Payloads sit at the top level or a call or two below it;
   * deeper, the analysis reaches everything a library can do, which is not what importing it does.
   */
  static final int MAX_CALL_DEPTH = 3;

  private ImportTime() {}

  static List<Finding> findings(PackageCode code, Collection<ModuleSummary> modules, Deadline deadline,
      Predicate<String> skip) {
    List<Finding> out = new ArrayList<>();
    for (ModuleSummary m : modules) {
      if (skip.test(m.path()) || m.path().endsWith("/__main__.py") || m.path().equals("__main__.py")) {
        continue;
      }
      if (deadline.passed()) {
        out.add(ArchiveFinding.of(ArchiveProblem.ANALYSIS_LIMIT, m.path(),
            "analysis ran out of time (limits.maxAnalysisTime) before every module's import-time code was read"));
        return out;
      }
      Reach reach = code.reach(List.of(new PackageCode.Start(m.top(), m)), false, MAX_CALL_DEPTH);
      if (reach.capabilities().isEmpty()) {
        continue;
      }
      String what = m.name().isEmpty() ? m.path() : m.name();
      CodeFinding finding = HookFindings.of(Trigger.IMPORT_TIME, reach, Severity.LOW,
          "importing %s runs top-level code in %s".formatted(what, m.path()), "",
          HookFindings.evidence(m.path(), reach, 0, ""));
      if (isTest(m.path()) && finding.severity().compareTo(Severity.LOW) > 0
          && finding.severity() != Severity.CRITICAL) {
        finding = new CodeFinding(finding.trigger(), finding.capabilities(), Severity.LOW,
            finding.summary() + " (a test module: it runs under a test runner, not on import)", finding.evidence());
      }
      out.add(finding);
    }
    return out;
  }

  static boolean isTest(String path) {
    String p = "/" + path.toLowerCase(Locale.ROOT);
    String file = p.substring(p.lastIndexOf('/') + 1);
    return p.contains("/tests/") || p.contains("/_tests/") || p.contains("/test/") || p.contains("/testing/")
        || file.startsWith("test_") || file.startsWith("_test") || file.endsWith("_test.py")
        || file.equals("conftest.py");
  }
}
