package dev.gatehouse.analyzer;

import static java.util.Objects.requireNonNull;

/** The archive itself is broken or hostile: traversal, bomb, unreadable, digest mismatch, a limit hit. */
public record ArchiveFinding(ArchiveProblem problem, Severity severity, String summary, Evidence evidence)
    implements Finding {

  public ArchiveFinding {
    requireNonNull(problem, "problem");
    requireNonNull(severity, "severity");
    requireNonNull(summary, "summary");
    requireNonNull(evidence, "evidence");
  }

  /** A problem found in one entry, at {@link Severity#HIGH}: nothing about such an archive can be trusted. */
  public static ArchiveFinding of(ArchiveProblem problem, String path, String summary) {
    return new ArchiveFinding(problem, Severity.HIGH, summary, new Evidence(path, "", summary));
  }

  @Override
  public String fingerprint() {
    return "archive:" + problem.key() + ":" + evidence.path();
  }
}
