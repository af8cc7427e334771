package dev.gatehouse.analyzer;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.analyzer.jvm.JarAnalyzer;
import dev.gatehouse.analyzer.npm.NpmPackageAnalyzer;
import dev.gatehouse.analyzer.python.SdistAnalyzer;
import dev.gatehouse.analyzer.python.WheelAnalyzer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Gatehouse's analyzer: turns the bytes of one artifact into an {@link Analysis}.
 *
 * <p>It never touches the network or a database and never runs anything from the artifact. The result
 * depends only on the bytes, the {@link ArtifactKind} and {@link #VERSION}; bump {@code VERSION} whenever
 * a change could alter findings, so that stored analyses are recomputed. Thread-safe.
 *
 * <p>Everything it writes to disk (a nested archive that must be read with random access) goes to its
 * scratch directory and is deleted before {@link #analyze} returns; the proxy puts that directory in its
 * data directory, never in the system's temp folder.
 */
public final class Analyzer {
  /** The version of the analysis rules; stored with every {@link Analysis}. */
  public static final int VERSION = 3;

  private final AnalysisLimits limits;
  private final Map<ArtifactKind, ArtifactAnalyzer> byKind;
  /**
   * Summarizes Python modules while the archive is read, one thread a core: torch and tensorflow wheels
   * hold thousands of modules, and pip gives up after 15 s. Daemon threads; they end with the process.
   */
  private final ForkJoinPool modules = new ForkJoinPool(Runtime.getRuntime().availableProcessors(),
      pool -> {
        ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        thread.setName("gatehouse-analysis-" + thread.getPoolIndex());
        return thread;
      }, null, false);

  /** An analyzer whose scratch files go to the system's temp folder, for tools without a data directory. */
  public Analyzer(AnalysisLimits limits) {
    this(limits, Path.of(System.getProperty("java.io.tmpdir")));
  }

  /** An analyzer whose scratch files go to {@code scratch}, which is created when missing. */
  public Analyzer(AnalysisLimits limits, Path scratch) {
    this.limits = requireNonNull(limits, "limits");
    requireNonNull(scratch, "scratch");
    Map<ArtifactKind, ArtifactAnalyzer> kinds = new EnumMap<>(ArtifactKind.class);
    kinds.put(ArtifactKind.JAR, new JarAnalyzer(scratch));
    kinds.put(ArtifactKind.NPM_TARBALL, new NpmPackageAnalyzer());
    kinds.put(ArtifactKind.WHEEL, new WheelAnalyzer(modules));
    kinds.put(ArtifactKind.SDIST, new SdistAnalyzer(modules));
    this.byKind = Map.copyOf(kinds);
  }

  public AnalysisLimits limits() {
    return limits;
  }

  /**
   * Analyzes {@code artifact} as {@code kind}.
   *
   * @throws IOException when the file itself cannot be read; a broken archive is a finding, not an error
   */
  public Analysis analyze(Path artifact, ArtifactKind kind) throws IOException {
    String sha256 = sha256(artifact);
    Deadline deadline = Deadline.after(limits.maxAnalysisTime());
    long size = Files.size(artifact);
    List<Finding> findings = new ArrayList<>();
    if (size > limits.maxArtifactBytes()) {
      findings.add(ArchiveFinding.of(ArchiveProblem.ANALYSIS_LIMIT, "",
          "artifact is %d bytes, over %d (limits.maxArtifactBytes)".formatted(size, limits.maxArtifactBytes())));
    } else {
      findings.addAll(byKind.get(kind).analyze(artifact, limits, deadline));
    }
    return new Analysis(sha256, VERSION, kind, bounded(findings));
  }

  /**
   * At most {@code limits.maxFindings} findings: the most severe, and one that counts the rest. A 42.zip
   * nesting or a jar of thousands of broken classes must not turn into an analysis too large to store or
   * to show a reviewer.
   */
  private List<Finding> bounded(List<Finding> findings) {
    if (findings.size() <= limits.maxFindings()) {
      return findings;
    }
    List<Finding> ordered = new ArrayList<>(findings);
    ordered.sort(Analysis.CANONICAL);
    List<Finding> kept = new ArrayList<>(ordered.subList(0, limits.maxFindings() - 1));
    kept.add(ArchiveFinding.of(ArchiveProblem.ANALYSIS_LIMIT, "",
        "%d more findings not listed: more than %d (limits.maxFindings)".formatted(
            findings.size() - kept.size(), limits.maxFindings())));
    return kept;
  }

  static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
