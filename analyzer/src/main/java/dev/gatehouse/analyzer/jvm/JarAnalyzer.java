package dev.gatehouse.analyzer.jvm;

import dev.gatehouse.analyzer.AnalysisLimits;
import dev.gatehouse.analyzer.ArchiveFinding;
import dev.gatehouse.analyzer.ArchiveProblem;
import dev.gatehouse.analyzer.ArtifactAnalyzer;
import dev.gatehouse.analyzer.Deadline;
import dev.gatehouse.analyzer.Finding;
import dev.gatehouse.analyzer.archive.ArchiveEntry;
import dev.gatehouse.analyzer.archive.ArchiveWalker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The analysis of a Java archive (jar, war, ear): finds the code that runs without the application
 * calling it, and what that code can do.
 *
 * <p>Entry points are static initializers, classes registered in {@code META-INF/services} (with the
 * services that javac, the JDK or a framework loads by itself told apart), Java agents named in the
 * manifest, Maven mojos and build components, and Spring auto-configuration. From each, calls are
 * followed through the jar's own classes (bounded by {@code limits.maxCallDepth}, {@code
 * limits.maxClasses} and the deadline) to the JDK APIs that spawn processes, reach the network, read
 * credentials or the environment, define or load code, decode payloads, load native libraries or write
 * outside the working directory. Build-time entry points (annotation processors, agents, Maven plugins)
 * are always findings; the others only when they reach a capability.
 *
 * <p>Nested archives ({@code BOOT-INF/lib/*.jar}, {@code WEB-INF/lib/*.jar}, any {@code .jar} entry) are
 * analyzed as jars of their own, up to {@code limits.maxNestingDepth}; calls never cross from one jar into
 * another. Nothing is loaded or run. Stateless and thread-safe: each call has its own state.
 */
public final class JarAnalyzer implements ArtifactAnalyzer {
  private final Path scratch;

  /** An analyzer that copies nested jars to the system's temp folder while it reads them. */
  public JarAnalyzer() {
    this(Path.of(System.getProperty("java.io.tmpdir")));
  }

  /** An analyzer that copies nested jars to {@code scratch} while it reads them, and deletes them after. */
  public JarAnalyzer(Path scratch) {
    this.scratch = java.util.Objects.requireNonNull(scratch, "scratch");
  }

  @Override
  public List<Finding> analyze(Path artifact, AnalysisLimits limits, Deadline deadline) throws IOException {
    ArchiveWalker walker = new ArchiveWalker(limits, deadline, scratch);
    Reading reading = new Reading(walker, limits);
    JarContents root = new JarContents("");
    walker.walk(artifact, entry -> reading.visit(entry, root));
    reading.finish(root);
    List<Finding> findings = new ArrayList<>(reading.findings);
    findings.addAll(walker.findings());
    return findings;
  }

  /** The state of one analysis: the classes counted so far and the findings of the jars finished. */
  private static final class Reading {
    private final ArchiveWalker walker;
    private final AnalysisLimits limits;
    private final List<Finding> findings = new ArrayList<>();
    private int classes;

    Reading(ArchiveWalker walker, AnalysisLimits limits) {
      this.walker = walker;
      this.limits = limits;
    }

    void visit(ArchiveEntry entry, JarContents jar) throws IOException {
      String name = entry.name();
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.endsWith(".class")) {
        scan(entry, jar);
      } else if (lower.endsWith(".jar") || lower.endsWith(".war") || lower.endsWith(".ear")) {
        JarContents nested = new JarContents(entry.path() + "!/");
        walker.walkNested(entry, inner -> visit(inner, nested));
        finish(nested);
      } else {
        String registration = Registrations.registrationFile(name);
        if (registration != null) {
          register(jar, Registrations.read(registration, entry.path(), entry.bytes()), entry.path());
        } else if (ClassScanner.isClassFile(entry.stream().readNBytes(4))) {
          // Code no class-file scanner reads: how Lombok ships its classes, and how a second stage hides.
          jar.hiddenClass(entry.path());
        }
      }
    }

    /** A jar cannot register more classes to run than the analysis would read; more is a hostile file. */
    private void register(JarContents jar, List<Registration> found, String path) {
      int room = limits.maxClasses() - jar.registrations.size();
      if (found.size() > room) {
        walker.report(ArchiveFinding.of(ArchiveProblem.ANALYSIS_LIMIT, path,
            "registers more than %d classes (limits.maxClasses); the rest were not analyzed".formatted(limits.maxClasses())));
      }
      jar.registrations.addAll(found.subList(0, Math.max(0, Math.min(room, found.size()))));
    }

    private void scan(ArchiveEntry entry, JarContents jar) throws IOException {
      if (++classes > limits.maxClasses()) {
        if (classes == limits.maxClasses() + 1) {
          walker.report(ArchiveFinding.of(ArchiveProblem.ANALYSIS_LIMIT, entry.path(),
              "more than %d classes (limits.maxClasses); this class and the ones after it were not analyzed"
                  .formatted(limits.maxClasses())));
        }
        return;
      }
      byte[] bytes = entry.bytes();
      try {
        ClassModel model = ClassScanner.scan(bytes, entry.path(), jar.interner());
        if (model != null) {
          jar.add(model);
        }
      } catch (ClassScanner.NotAClassException unreadable) {
        walker.report(ArchiveFinding.of(ArchiveProblem.UNREADABLE_ENTRY, entry.path(), unreadable.getMessage()));
      }
    }

    void finish(JarContents jar) {
      ReachableCalls calls = new ReachableCalls(jar, limits.maxCallDepth(), walker);
      findings.addAll(new JarFindings(jar, calls, walker).findings());
    }
  }
}
