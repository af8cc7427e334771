package dev.gatehouse.analyzer;

/**
 * One thing the analyzer found in an artifact: code that runs without being called ({@link
 * CodeFinding}) or an archive that cannot be trusted ({@link ArchiveFinding}).
 *
 * <p>Findings are values: equal findings mean the same thing, and {@link #fingerprint()} identifies a
 * finding across analyses of the same bytes so that a reviewer's approval can be bound to the findings
 * that were reviewed.
 */
public sealed interface Finding permits CodeFinding, ArchiveFinding {
  Severity severity();

  /** One sentence for a reviewer, such as {@code static initializer of fixture.Beacon reads ...}. */
  String summary();

  Evidence evidence();

  /** A stable key of what was found and where, without the prose. */
  String fingerprint();
}
