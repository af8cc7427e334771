package dev.gatehouse.analyzer.archive;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.analyzer.AnalysisLimits;
import dev.gatehouse.analyzer.ArchiveFinding;
import dev.gatehouse.analyzer.ArchiveProblem;
import dev.gatehouse.analyzer.Deadline;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The one bounded reader of zip and tar archives that every ecosystem's analysis goes through.
 *
 * <p>It hands regular files to an {@link EntryVisitor} and turns everything wrong with the archive
 * into an {@link ArchiveFinding}: hostile entry names, entry counts, inflated bytes and ratios past the
 * {@link AnalysisLimits}, nesting past {@code maxNestingDepth}, the deadline, truncated or malformed
 * data. One walker holds the budget of one artifact, nested archives included; it is not thread-safe.
 * Once a limit is hit the walk stops, and {@link #findings()} says why: what was not read is never
 * reported clean.
 */
public final class ArchiveWalker {
  /**
   * Below this many inflated bytes an entry's compression ratio is not judged. Real packages ship files of
   * zeros as test data (onnx's wheel has one that inflates a thousandfold); what makes a bomb dangerous is
   * its absolute size, which {@code maxInflatedBytes} bounds in any case, so the ratio only stops a bomb
   * early once it is large.
   */
  private static final long RATIO_FLOOR_BYTES = 64L << 20;

  private final AnalysisLimits limits;
  private final Deadline deadline;
  private final List<ArchiveFinding> findings = new ArrayList<>();
  private long entries;
  private long inflated;
  private ArchiveFinding stop;

  public ArchiveWalker(AnalysisLimits limits, Deadline deadline) {
    this.limits = requireNonNull(limits, "limits");
    this.deadline = requireNonNull(deadline, "deadline");
  }

  public AnalysisLimits limits() {
    return limits;
  }

  /** The archive findings so far, in the order they were found. */
  public List<ArchiveFinding> findings() {
    return List.copyOf(findings);
  }

  /** True once a limit or the deadline stopped the walk; later walks return at once. */
  public boolean stopped() {
    return stop != null;
  }

  /** Records a problem a visitor found, such as a class file that is not one. */
  public void report(ArchiveFinding finding) {
    findings.add(requireNonNull(finding, "finding"));
  }

  /**
   * True, and recorded as a finding once, when the analysis is out of time. Analyzers call this inside
   * long loops of their own (call graphs, token streams).
   */
  public boolean outOfTime() {
    if (stop == null && deadline.passed()) {
      halt(ArchiveFinding.of(ArchiveProblem.ANALYSIS_LIMIT, "",
          "analysis did not finish within %s (limits.maxAnalysisTime)".formatted(limits.maxAnalysisTime())));
    }
    return stop != null;
  }

  /** Walks the archive at {@code archive}, whatever its format; an unknown format is a finding. */
  public void walk(Path archive, EntryVisitor visitor) throws IOException {
    Optional<ArchiveFormat> format = ArchiveFormat.sniff(archive);
    if (format.isEmpty()) {
      report(ArchiveFinding.of(ArchiveProblem.MALFORMED, "", "not a zip or tar archive"));
      return;
    }
    walk(archive, format.get(), "", 0, visitor);
  }

  /**
   * Walks an archive stored as {@code entry} of the archive being walked (a jar in a jar, a wheel in an
   * sdist), one level deeper. Past {@code limits.maxNestingDepth} this is a finding and nothing is read.
   */
  public void walkNested(ArchiveEntry entry, EntryVisitor visitor) throws IOException {
    int depth = entry.depth() + 1;
    if (depth > limits.maxNestingDepth()) {
      report(ArchiveFinding.of(ArchiveProblem.TOO_DEEP, entry.path(),
          "archive nested %d deep, over %d (limits.maxNestingDepth)".formatted(depth, limits.maxNestingDepth())));
      return;
    }
    // Zip needs random access to its central directory, so a nested archive is spilled to a temp file;
    // its bytes were already counted against the budget as they inflated.
    Path spill = Files.createTempFile("gatehouse-nested-", ".bin");
    try {
      try (InputStream in = entry.stream()) {
        Files.copy(in, spill, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      Optional<ArchiveFormat> format = ArchiveFormat.sniff(spill);
      if (format.isEmpty()) {
        report(ArchiveFinding.of(ArchiveProblem.UNREADABLE_ENTRY, entry.path(), "nested archive is not a zip or tar"));
        return;
      }
      walk(spill, format.get(), entry.path() + "!/", depth, visitor);
    } finally {
      Files.deleteIfExists(spill);
    }
  }

  private void walk(Path file, ArchiveFormat format, String prefix, int depth, EntryVisitor visitor)
      throws IOException {
    if (stop != null) {
      return;
    }
    String where = prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 2);
    try {
      if (format == ArchiveFormat.ZIP) {
        try (ZipFile zip = ZipFile.builder().setPath(file).get()) {
          walkZip(zip, prefix, depth, visitor);
        }
      } else {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
          walkTar(decompress(in, format), Files.size(file), prefix, depth, visitor);
        }
      }
    } catch (LimitReached limit) {
      // already recorded as the stop finding
    } catch (IOException | RuntimeException malformed) {
      // Commons Compress reports hostile input with IOExceptions and, for some corruptions, runtime
      // exceptions: either way the archive is not what it claims to be.
      if (stop == null) {
        report(ArchiveFinding.of(ArchiveProblem.MALFORMED, where,
            "archive is truncated or malformed: " + describe(malformed)));
      }
    }
  }

  private void walkZip(ZipFile zip, String prefix, int depth, EntryVisitor visitor) throws IOException {
    for (ZipArchiveEntry ze : Collections.list(zip.getEntriesInPhysicalOrder())) {
      if (!admit(prefix, ze.getName()) || ze.isDirectory() || ze.isUnixSymlink()) {
        if (stop != null) {
          return;
        }
        continue;
      }
      String path = prefix + ze.getName();
      if (!zip.canReadEntryData(ze)) {
        report(ArchiveFinding.of(ArchiveProblem.UNREADABLE_ENTRY, path,
            "entry uses a compression method or encryption Gatehouse cannot read"));
        continue;
      }
      try (InputStream in = new Budgeted(zip.getInputStream(ze), path, ze.getCompressedSize())) {
        visit(visitor, new ArchiveEntry(this, prefix, ze.getName(), ze.getSize(), depth, in));
      }
      if (stop != null) {
        return;
      }
    }
  }

  private void walkTar(InputStream decompressed, long compressedBytes, String prefix, int depth, EntryVisitor visitor)
      throws IOException {
    String where = prefix.isEmpty() ? "(archive)" : prefix.substring(0, prefix.length() - 2);
    TarArchiveInputStream tar = new TarArchiveInputStream(new Budgeted(decompressed, where, compressedBytes));
    TarArchiveEntry te;
    while ((te = tar.getNextEntry()) != null) {
      if (!admit(prefix, te.getName())) {
        if (stop != null) {
          return;
        }
        continue;
      }
      if (te.isSymbolicLink() || te.isLink()) {
        checkLink(prefix + te.getName(), te.getName(), te.getLinkName());
        continue;
      }
      if (!te.isFile()) {
        continue;
      }
      visit(visitor, new ArchiveEntry(this, prefix, te.getName(), te.getSize(), depth, new Unclosable(tar)));
      if (stop != null) {
        return;
      }
    }
  }

  private void visit(EntryVisitor visitor, ArchiveEntry entry) throws LimitReached {
    try {
      visitor.visit(entry);
    } catch (LimitReached limit) {
      throw limit;
    } catch (EntryTooLargeException recorded) {
      // the finding was recorded when the entry refused to load
    } catch (IOException unreadable) {
      if (stop != null) {
        throw new LimitReached();
      }
      report(ArchiveFinding.of(ArchiveProblem.UNREADABLE_ENTRY, entry.path(),
          "entry could not be read: " + describe(unreadable)));
    }
    if (stop != null) {
      throw new LimitReached(); // a visitor swallowed the limit; the walk still ends here
    }
  }

  /** Counts the entry and checks its name; false when it must not be handed to a visitor. */
  private boolean admit(String prefix, String name) throws LimitReached {
    if (++entries > limits.maxEntries()) {
      halt(ArchiveFinding.of(ArchiveProblem.TOO_MANY_ENTRIES, prefix,
          "more than %d entries (limits.maxEntries)".formatted(limits.maxEntries())));
      throw new LimitReached();
    }
    if (outOfTime()) {
      throw new LimitReached();
    }
    String path = prefix + name;
    if (name.length() > limits.maxNameLength()) {
      report(ArchiveFinding.of(ArchiveProblem.ANALYSIS_LIMIT, path.substring(0, Math.min(path.length(), 200)),
          "entry name of %d characters, over %d (limits.maxNameLength)".formatted(name.length(), limits.maxNameLength())));
      return false;
    }
    Optional<String> hostile = EntryNames.hostility(name);
    hostile.ifPresent(why -> report(ArchiveFinding.of(ArchiveProblem.PATH_TRAVERSAL, path, why)));
    return hostile.isEmpty();
  }

  private void checkLink(String path, String name, String target) {
    String parent = name.contains("/") ? name.substring(0, name.lastIndexOf('/') + 1) : "";
    if (EntryNames.hostility(target).isPresent() && EntryNames.escapes(parent + target)) {
      report(ArchiveFinding.of(ArchiveProblem.PATH_TRAVERSAL, path, "link points outside the archive: " + target));
    }
  }

  EntryTooLargeException tooLarge(ArchiveEntry entry) {
    String why = "entry is larger than %d bytes (limits.maxEntryBytes) and was not analyzed".formatted(limits.maxEntryBytes());
    report(ArchiveFinding.of(ArchiveProblem.ANALYSIS_LIMIT, entry.path(), why));
    return new EntryTooLargeException(entry.path() + ": " + why);
  }

  private void halt(ArchiveFinding finding) {
    if (stop == null) {
      stop = finding;
      findings.add(finding);
    }
  }

  private static InputStream decompress(InputStream in, ArchiveFormat format) throws IOException {
    return switch (format) {
      case TAR_GZ -> new GzipCompressorInputStream(in, true);
      case TAR_BZ2 -> new BZip2CompressorInputStream(in, true);
      case TAR -> in;
      case ZIP -> throw new IllegalArgumentException("zip is read with random access");
    };
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? "unexpected end or structure" : message.strip();
  }

  /** The walk is over because a limit was hit; the reason is the stop finding. */
  private static final class LimitReached extends IOException {
    private static final long serialVersionUID = 1L;

    LimitReached() {
      super("analysis limit reached");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this; // control flow, not a failure: no stack trace to collect
    }
  }

  /** Counts inflated bytes against the artifact's budget and the compression ratio of one stream. */
  private final class Budgeted extends FilterInputStream {
    private final String path;
    private final long compressedBytes;
    private long read;

    Budgeted(InputStream in, String path, long compressedBytes) {
      super(in);
      this.path = path;
      this.compressedBytes = Math.max(compressedBytes, 1);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (stop != null) {
        throw new LimitReached();
      }
      int n;
      try {
        n = super.read(b, off, len);
      } catch (RuntimeException corrupt) {
        throw new IOException(describe(corrupt), corrupt);
      }
      if (n > 0) {
        count(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      return read(new byte[(int) Math.min(n, 8192)]) < 0 ? 0 : Math.min(n, 8192);
    }

    private void count(int n) throws LimitReached {
      read += n;
      inflated += n;
      if (inflated > limits.maxInflatedBytes()) {
        halt(ArchiveFinding.of(ArchiveProblem.BOMB, path,
            "inflates past %d bytes (limits.maxInflatedBytes)".formatted(limits.maxInflatedBytes())));
        throw new LimitReached();
      }
      if (read > RATIO_FLOOR_BYTES && read / compressedBytes > limits.maxCompressionRatio()) {
        halt(ArchiveFinding.of(ArchiveProblem.BOMB, path,
            "inflates more than %d times its compressed size (limits.maxCompressionRatio)"
                .formatted(limits.maxCompressionRatio())));
        throw new LimitReached();
      }
    }
  }

  /** A tar entry's view of the shared stream: closing it must not close the archive. */
  private static final class Unclosable extends FilterInputStream {
    Unclosable(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }
}
