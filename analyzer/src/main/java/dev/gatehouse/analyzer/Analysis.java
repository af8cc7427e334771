package dev.gatehouse.analyzer;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the analyzer found in one artifact. It depends only on the artifact's bytes ({@link #sha256()})
 * and the analyzer version, so it can be stored under those two and reused by any policy.
 *
 * <p>Findings are kept in a canonical order (most severe first, then by fingerprint) so that the same
 * bytes give an equal {@code Analysis} whatever order the archive was walked in.
 */
public record Analysis(String sha256, int analyzerVersion, ArtifactKind kind, List<Finding> findings) {
  static final Comparator<Finding> CANONICAL =
      Comparator.comparing(Finding::severity).reversed()
          .thenComparing(Finding::fingerprint)
          .thenComparing(Finding::summary);

  public Analysis {
    requireNonNull(sha256, "sha256");
    requireNonNull(kind, "kind");
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a lowercase hex SHA-256: " + sha256);
    }
    List<Finding> ordered = new ArrayList<>(findings);
    ordered.sort(CANONICAL);
    findings = List.copyOf(ordered);
  }

  /** The most severe finding's severity, or empty when nothing was found. */
  public Optional<Severity> worst() {
    return findings.isEmpty() ? Optional.empty() : Optional.of(findings.get(0).severity());
  }

  public List<CodeFinding> codeFindings() {
    return findings.stream().filter(CodeFinding.class::isInstance).map(CodeFinding.class::cast).toList();
  }

  public List<ArchiveFinding> archiveFindings() {
    return findings.stream().filter(ArchiveFinding.class::isInstance).map(ArchiveFinding.class::cast).toList();
  }
}
