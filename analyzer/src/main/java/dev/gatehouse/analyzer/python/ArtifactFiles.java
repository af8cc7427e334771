package dev.gatehouse.analyzer.python;

import dev.gatehouse.analyzer.AnalysisLimits;
import dev.gatehouse.analyzer.ArchiveFinding;
import dev.gatehouse.analyzer.ArchiveProblem;
import dev.gatehouse.analyzer.Deadline;
import dev.gatehouse.analyzer.Severity;
import dev.gatehouse.analyzer.archive.ArchiveEntry;
import dev.gatehouse.analyzer.archive.ArchiveWalker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One pass over a Python artifact through the {@link ArchiveWalker}: every file is hashed and sized
 * (for {@code RECORD}), the text of the files the analysis reads is kept, and every Python source file
 * is summarized as it streams by, so that its text need not be kept.
 *
 * <p>Bounds: a file is read into memory only up to {@code limits.maxEntryBytes}; a larger file the
 * analysis needed is an {@link ArchiveProblem#ANALYSIS_LIMIT} finding. At most {@code limits.maxClasses}
 * Python modules are parsed (the limit counts classes for jars and modules for Python); past it, the
 * rest are not analyzed and that is a finding, never a clean result.
 */
final class ArtifactFiles {
  final Map<String, WheelRecord.Actual> files = new TreeMap<>();
  final Map<String, String> texts = new TreeMap<>();
  final Map<String, ModuleSummary> modules = new TreeMap<>();
  final List<ArchiveFinding> findings = new ArrayList<>();
  private final AnalysisLimits limits;
  private final ModuleScanner scanner;
  private int parsed;
  private boolean stopped;

  private ArtifactFiles(AnalysisLimits limits) {
    this.limits = limits;
    this.scanner = new ModuleScanner((int) Math.min(limits.maxEntryBytes(), Integer.MAX_VALUE - 8));
  }

  /**
   * Reads {@code artifact}.
   *
   * @param wantText which files' text to keep
   * @param moduleOf the module a path is, or null for files that are not Python modules to analyze
   */
  static ArtifactFiles read(Path artifact, AnalysisLimits limits, Deadline deadline, Predicate<String> wantText,
      Function<String, SourceFile> moduleOf) throws IOException {
    ArtifactFiles out = new ArtifactFiles(limits);
    ArchiveWalker walker = new ArchiveWalker(limits, deadline);
    walker.walk(artifact, entry -> out.visit(entry, wantText, moduleOf));
    out.findings.addAll(walker.findings());
    out.stopped = walker.stopped();
    return out;
  }

  ModuleScanner scanner() {
    return scanner;
  }

  /** True when a limit or the deadline stopped the walk: what was not read must not look clean. */
  boolean stopped() {
    return stopped;
  }

  private void visit(ArchiveEntry entry, Predicate<String> wantText, Function<String, SourceFile> moduleOf)
      throws IOException {
    String path = entry.path();
    SourceFile module = path.endsWith(".py") ? moduleOf.apply(path) : null;
    boolean keep = module != null || wantText.test(path);
    MessageDigest sha256 = sha256();
    ByteArrayOutputStream kept = keep ? new ByteArrayOutputStream() : null;
    long size = 0;
    boolean tooLarge = false;
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = entry.stream()) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha256.update(buffer, 0, n);
        size += n;
        if (kept != null && !tooLarge) {
          if (size > limits.maxEntryBytes()) {
            tooLarge = true;
            kept = null;
          } else {
            kept.write(buffer, 0, n);
          }
        }
      }
    }
    byte[] digest = sha256.digest();
    files.put(path, new WheelRecord.Actual(size, Base64.getUrlEncoder().withoutPadding().encodeToString(digest),
        java.util.HexFormat.of().formatHex(digest)));
    if (tooLarge) {
      findings.add(ArchiveFinding.of(ArchiveProblem.ANALYSIS_LIMIT, path,
          "file is larger than %d bytes (limits.maxEntryBytes) and was not analyzed".formatted(limits.maxEntryBytes())));
      return;
    }
    if (kept == null) {
      return;
    }
    String text = new String(kept.toByteArray(), StandardCharsets.UTF_8);
    if (wantText.test(path)) {
      texts.put(path, text);
    }
    if (module != null) {
      summarize(module, text);
    }
  }

  private void summarize(SourceFile module, String text) {
    if (parsed >= limits.maxClasses()) {
      if (parsed++ == limits.maxClasses()) {
        findings.add(ArchiveFinding.of(ArchiveProblem.ANALYSIS_LIMIT, module.path(),
            "more than %d Python modules (limits.maxClasses); the rest were not analyzed".formatted(limits.maxClasses())));
      }
      return;
    }
    parsed++;
    try {
      modules.put(module.path(), scanner.summarize(module, text));
    } catch (SourceTree.TooDeep deep) {
      findings.add(ArchiveFinding.of(ArchiveProblem.ANALYSIS_LIMIT, module.path(), deep.getMessage()));
    } catch (RuntimeException bug) {
      // A file the scanner cannot handle must not pass as clean, nor stop the rest of the analysis.
      findings.add(new ArchiveFinding(ArchiveProblem.UNREADABLE_ENTRY, Severity.HIGH,
          "Gatehouse could not analyze this Python file", dev.gatehouse.analyzer.Evidence.of(module.path(), "", "")));
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
