package dev.gatehouse.policy;

import dev.gatehouse.analyzer.Analysis;
import dev.gatehouse.analyzer.ArchiveFinding;
import dev.gatehouse.analyzer.ArchiveProblem;
import dev.gatehouse.analyzer.ArtifactKind;
import dev.gatehouse.analyzer.Capability;
import dev.gatehouse.analyzer.CodeFinding;
import dev.gatehouse.analyzer.Evidence;
import dev.gatehouse.analyzer.Finding;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.Trigger;
import java.time.Instant;
import java.util.List;

/** Findings, analyses and package references built as values, the way the analyzers would report them. */
final class Findings {
  static final String SHA = "a".repeat(64);
  static final String OTHER_SHA = "b".repeat(64);
  static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

  private Findings() {}

  static CodeFinding code(Trigger trigger, Severity severity, String path, String location, Capability... caps) {
    return new CodeFinding(trigger, List.of(caps), severity,
        trigger.label() + " in " + path, Evidence.of(path, location, "inert excerpt"));
  }

  static CodeFinding staticInitializer(String className, Severity severity, Capability... caps) {
    return code(Trigger.STATIC_INITIALIZER, severity, className.replace('.', '/') + ".class",
        className + "#<clinit>", caps);
  }

  static CodeFinding npmScript(String script, Severity severity, Capability... caps) {
    return code(Trigger.NPM_LIFECYCLE_SCRIPT, severity, "package/package.json", "scripts." + script, caps);
  }

  static ArchiveFinding archive(ArchiveProblem problem, String path) {
    return ArchiveFinding.of(problem, path, problem.label() + ": " + path);
  }

  static Analysis analysis(Finding... findings) {
    return new Analysis(SHA, 1, ArtifactKind.JAR, List.of(findings));
  }

  static Analysis analysisOf(String sha256, Finding... findings) {
    return new Analysis(sha256, 1, ArtifactKind.JAR, List.of(findings));
  }

  static PackageRef maven(String groupArtifact, String version) {
    String artifact = groupArtifact.substring(groupArtifact.indexOf(':') + 1);
    return new PackageRef(Ecosystem.MAVEN, groupArtifact, version, artifact + "-" + version + ".jar");
  }

  static PackageRef npm(String name, String version) {
    String file = name.substring(name.indexOf('/') + 1);
    return new PackageRef(Ecosystem.NPM, name, version, file + "-" + version + ".tgz");
  }

  static PackageRef pypi(String name, String version) {
    return new PackageRef(Ecosystem.PYPI, name, version, name.replace('-', '_') + "-" + version + ".tar.gz");
  }
}
