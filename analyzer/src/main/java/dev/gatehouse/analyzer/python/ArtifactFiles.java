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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One pass over a Python artifact through the {@link ArchiveWalker}: every file is sized and the files a
 * {@link DigestRule} names are hashed (for {@code RECORD}), the text of the files the analysis reads is kept, and every Python source file
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
  /** Source text handed to other threads and not yet summarized, past which the walk waits for them. */
  private static final long MAX_PENDING_CHARS = 8L << 20;

  private final AnalysisLimits limits;
  private final ModuleScanner scanner;
  private final Executor executor;
  private final List<CompletableFuture<Summarized>> pending = new ArrayList<>();
  private long pendingChars;
  private int parsed;
  private boolean stopped;

  /** One module's summary, or the finding that says why it has none. */
  private record Summarized(SourceFile module, ModuleSummary summary, ArchiveFinding problem) {}

  private ArtifactFiles(AnalysisLimits limits, Executor executor) {
    this.limits = limits;
    this.executor = executor;
    this.scanner = new ModuleScanner((int) Math.min(limits.maxEntryBytes(), Integer.MAX_VALUE - 8),
        limits.maxTokensPerFile());
  }

  /**
   * Reads {@code artifact}.
   *
   * @param wantText which files' text to keep
   * @param moduleOf the module a path is, or null for files that are not Python modules to analyze
   * @param digests which files to hash (files kept or hashed are read whole; others are not inflated)
   * @param executor where modules are summarized while the walk inflates and hashes the next entries;
   *     the summaries are collected in this thread, so the result does not depend on its threads
   */
  static ArtifactFiles read(Path artifact, AnalysisLimits limits, Deadline deadline, Predicate<String> wantText,
      Function<String, SourceFile> moduleOf, DigestRule digests, Executor executor) throws IOException {
    ArtifactFiles out = new ArtifactFiles(limits, executor);
    ArchiveWalker walker = new ArchiveWalker(limits, deadline);
    try {
      walker.walk(artifact, entry -> out.visit(entry, wantText, moduleOf, digests));
    } finally {
      out.collect();
    }
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

  /** Which files are hashed: a file neither kept nor hashed is not inflated at all (a zip's entry is skipped). */
  interface DigestRule {
    /** @param declaredSize the size the archive declares, or -1 when it declares none */
    boolean hash(String path, long declaredSize);
  }

  private void visit(ArchiveEntry entry, Predicate<String> wantText, Function<String, SourceFile> moduleOf,
      DigestRule digests) throws IOException {
    String path = entry.path();
    SourceFile module = path.endsWith(".py") ? moduleOf.apply(path) : null;
    boolean keep = module != null || wantText.test(path);
    boolean hash = entry.declaredSize() < 0 || digests.hash(path, entry.declaredSize());
    if (!keep && !hash) {
      files.put(path, WheelRecord.Actual.unread(entry.declaredSize()));
      return;
    }
    MessageDigest sha256 = hash ? sha256() : null;
    ByteArrayOutputStream kept = keep ? new ByteArrayOutputStream() : null;
    long size = 0;
    boolean tooLarge = false;
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = entry.stream()) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        if (sha256 != null) {
          sha256.update(buffer, 0, n);
        }
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
    if (sha256 == null) {
      files.put(path, new WheelRecord.Actual(size, null, null));
    } else {
      byte[] digest = sha256.digest();
      files.put(path, new WheelRecord.Actual(size, Base64.getUrlEncoder().withoutPadding().encodeToString(digest),
          java.util.HexFormat.of().formatHex(digest)));
    }
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
    pending.add(CompletableFuture.supplyAsync(() -> summarizeNow(module, text), executor));
    pendingChars += text.length();
    if (pendingChars > MAX_PENDING_CHARS) {
      collect(); // bounds the memory of texts waiting for a thread
    }
  }

  /** Runs on the executor's threads: the scanner keeps no state between calls. */
  private Summarized summarizeNow(SourceFile module, String text) {
    try {
      return new Summarized(module, scanner.summarize(module, text), null);
    } catch (SourceTree.Unanalyzable deep) {
      return new Summarized(module, null, ArchiveFinding.of(ArchiveProblem.ANALYSIS_LIMIT, module.path(), deep.getMessage()));
    } catch (RuntimeException bug) {
      // A file the scanner cannot handle must not pass as clean, nor stop the rest of the analysis.
      return new Summarized(module, null, new ArchiveFinding(ArchiveProblem.UNREADABLE_ENTRY, Severity.HIGH,
          "Gatehouse could not analyze this Python file", dev.gatehouse.analyzer.Evidence.of(module.path(), "", "")));
    }
  }

  private void collect() {
    for (CompletableFuture<Summarized> future : pending) {
      Summarized done = future.join();
      if (done.summary() != null) {
        modules.put(done.module().path(), done.summary());
      } else {
        findings.add(done.problem());
      }
    }
    pending.clear();
    pendingChars = 0;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
