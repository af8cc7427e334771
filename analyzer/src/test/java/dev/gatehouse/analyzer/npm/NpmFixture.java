package dev.gatehouse.analyzer.npm;

import dev.gatehouse.analyzer.AnalysisLimits;
import dev.gatehouse.analyzer.CodeFinding;
import dev.gatehouse.analyzer.Deadline;
import dev.gatehouse.analyzer.Finding;
import dev.gatehouse.analyzer.Trigger;
import dev.gatehouse.analyzer.fixtures.ArchiveFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds an npm tarball from a manifest and source texts, and analyzes it. Nothing in it ever runs. Public
 * in the test-jar so that the policy module's replica tests build their tarballs the same way.
 */
public final class NpmFixture {
  private final ArchiveFixture archive = ArchiveFixture.create();
  private final String root;

  private NpmFixture(String root) {
    this.root = root;
  }

  /** A package whose package.json has these {@code scripts} (a JSON object body) and {@code extra} fields. */
  public static NpmFixture scripts(String scriptsBody, String extra) {
    return new NpmFixture("package/").manifest(
        "{\"name\": \"fixture\", \"version\": \"1.0.0\"" + (extra.isEmpty() ? "" : ", " + extra)
            + ", \"scripts\": {" + scriptsBody + "}}");
  }

  public static NpmFixture scripts(String scriptsBody) {
    return scripts(scriptsBody, "");
  }

  /** A package with only {@code main}: what matters is what importing it runs. */
  public static NpmFixture main(String main) {
    return new NpmFixture("package/").manifest(
        "{\"name\": \"fixture\", \"version\": \"1.0.0\", \"main\": \"" + main + "\"}");
  }

  public static NpmFixture rooted(String root, String manifest) {
    return new NpmFixture(root).manifest(manifest);
  }

  public NpmFixture manifest(String json) {
    archive.file(root + "package.json", json);
    return this;
  }

  public NpmFixture file(String path, String text) {
    archive.file(root + path, text);
    return this;
  }

  /** Writes the tarball into {@code dir} as {@code name}. */
  public Path tarball(Path dir, String name) throws IOException {
    return archive.tarGz(dir.resolve(name));
  }

  List<Finding> analyze(Path tmp) throws IOException {
    Path tgz = archive.tarGz(tmp.resolve("fixture-" + System.nanoTime() + ".tgz"));
    AnalysisLimits limits = AnalysisLimits.defaults();
    return new NpmPackageAnalyzer().analyze(tgz, limits, Deadline.after(limits.maxAnalysisTime()));
  }

  static List<CodeFinding> code(List<Finding> findings, Trigger trigger) {
    return findings.stream().filter(CodeFinding.class::isInstance).map(CodeFinding.class::cast)
        .filter(f -> f.trigger() == trigger).collect(Collectors.toList());
  }
}
