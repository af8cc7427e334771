package dev.gatehouse.analyzer.archive;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.analyzer.AnalysisLimits;
import dev.gatehouse.analyzer.ArchiveFinding;
import dev.gatehouse.analyzer.ArchiveProblem;
import dev.gatehouse.analyzer.Deadline;
import dev.gatehouse.analyzer.Evidence;
import dev.gatehouse.analyzer.Severity;
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
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The one bounded reader of zip and tar archives that every ecosystem's analysis goes through.
 *
 * <p>It hands regular files to an {@link EntryVisitor} and turns everything wrong with the archive
 * into an {@link ArchiveFinding}: hostile entry names, entry counts, inflated bytes and ratios past the
 * {@link AnalysisLimits}, nesting past {@code maxNestingDepth}, the deadline, truncated or malformed
 * data. One walker holds the budget of one artifact, nested archives included; it is not thread-safe.
 * Once a limit is hit the walk stops, and {@link #findings()} says why: what was not read is never
 * reported clean.
 *
 * <p>A zip's central directory is read first, header by header, and its entry count, the bytes its
 * entries declare (skipped entries too: installers extract them at that size) and each entry's ratio are
 * judged before anything inflates; while an entry inflates its bytes are counted again, and an entry that
 * inflates past its declared size is a bomb, since headers lie. Tar entries are counted as the stream
 * inflates, skipped ones included. Archives nested past {@code limits.maxNestingDepth} end the walk. At
 * most {@code limits.maxFindings} findings are kept; one more counts the rest. Nested zips are copied to
 * the scratch folder only while they are read.
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
  private final Path scratch;
  private final List<ArchiveFinding> findings = new ArrayList<>();
  private long entries;
  private long inflated;
  private long unlisted;
  private ArchiveFinding stop;

  /** A walker that spills nested zips to the system's temp folder; analyzers with a scratch folder pass it. */
  public ArchiveWalker(AnalysisLimits limits, Deadline deadline) {
    this(limits, deadline, Path.of(System.getProperty("java.io.tmpdir")));
  }

  /**
   * A walker whose only files on disk, the copies of nested zips that need random access, go to {@code
   * scratch} and are deleted as soon as they are read.
   */
  public ArchiveWalker(AnalysisLimits limits, Deadline deadline, Path scratch) {
    this.limits = requireNonNull(limits, "limits");
    this.deadline = requireNonNull(deadline, "deadline");
    this.scratch = requireNonNull(scratch, "scratch");
  }

  public AnalysisLimits limits() {
    return limits;
  }

  /**
   * The archive findings so far, in the order they were found: at most {@code limits.maxFindings}, and
   * then one more that counts those not listed.
   */
  public List<ArchiveFinding> findings() {
    if (unlisted == 0) {
      return List.copyOf(findings);
    }
    List<ArchiveFinding> out = new ArrayList<>(findings);
    out.add(ArchiveFinding.of(ArchiveProblem.ANALYSIS_LIMIT, "",
        "%d more archive findings not listed: more than %d (limits.maxFindings)".formatted(unlisted, limits.maxFindings())));
    return List.copyOf(out);
  }

  /** True once a limit or the deadline stopped the walk; later walks return at once. */
  public boolean stopped() {
    return stop != null;
  }

  /** Records a problem a visitor found, such as a class file that is not one. */
  public void report(ArchiveFinding finding) {
    requireNonNull(finding, "finding");
    if (findings.size() < limits.maxFindings()) {
      findings.add(finding);
    } else {
      unlisted++; // a hostile archive can have a million bad entries; the analysis stays small
    }
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
      report(ArchiveFinding.of(ArchiveProblem.MALFORMED, "",
          "not a zip or tar archive (plain, gzip, bzip2 or xz): its content matches none of their signatures"));
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
      // The walk ends here: a 42.zip-style nesting repeats this for every archive at this depth, and an
      // archive this deep is held whatever the rest holds.
      halt(ArchiveFinding.of(ArchiveProblem.TOO_DEEP, entry.path(),
          "archive nested %d deep, over %d (limits.maxNestingDepth)".formatted(depth, limits.maxNestingDepth())));
      throw new LimitReached();
    }
    // Zip needs random access to its central directory, so a nested archive is copied to the scratch
    // folder; its bytes were counted against the budget as they inflated.
    Files.createDirectories(scratch);
    Path spill = Files.createTempFile(scratch, "nested-", ".bin");
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
        checkDirectory(file, prefix);
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
      try (InputStream in = new Budgeted(zip.getInputStream(ze), path, ze.getCompressedSize(), ze.getSize())) {
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
    TarArchiveInputStream tar = new TarArchiveInputStream(new Budgeted(decompressed, where, compressedBytes, -1));
    TarArchiveEntry te;
    while ((te = tar.getNextEntry()) != null) {
      if (!admit(prefix, te.getName())) {
        if (stop != null) {
          return;
        }
        continue;
      }
      if (te.isSymbolicLink() || te.isLink()) {
        checkLink(prefix + te.getName(), te.getName(), te.getLinkName(), te.isLink());
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

  /**
   * A symbolic or hard link whose target is absolute or leaves the package: extracting it lets a later
   * entry, or the package's own code, write through it anywhere. A symbolic link's target is relative to
   * its folder, a hard link's to the archive's root; npm and pip extract a package under its one top
   * folder, so a target that leaves that folder leaves the package.
   */
  private void checkLink(String path, String name, String target, boolean hard) {
    if (target.startsWith("/") || target.startsWith("\\")
        || (target.length() >= 2 && Character.isLetter(target.charAt(0)) && target.charAt(1) == ':')) {
      report(ArchiveFinding.of(ArchiveProblem.PATH_TRAVERSAL, path, "link points to an absolute path: " + target));
      return;
    }
    String parent = hard || !name.contains("/") ? "" : name.substring(0, name.lastIndexOf('/') + 1);
    String top = name.contains("/") ? name.substring(0, name.indexOf('/') + 1) : "";
    Optional<String> resolved = EntryNames.resolve(parent + target.replace('\\', '/'));
    if (resolved.isEmpty() || !(resolved.get() + "/").startsWith(top)) {
      report(ArchiveFinding.of(ArchiveProblem.PATH_TRAVERSAL, path, "link points outside the package: " + target));
    }
  }

  /**
   * Records why {@code entry}, {@code head} being its first bytes, was too large to read. A native
   * executable or a data file is a {@link ArchiveProblem#LARGE_BINARY} at low severity, naming its format
   * and size (platform packages ship their tool so); anything an analyzer would read as code stays an
   * {@link ArchiveProblem#ANALYSIS_LIMIT}, which holds the artifact.
   */
  EntryTooLargeException tooLarge(ArchiveEntry entry, byte[] head) {
    String size = entry.declaredSize() > limits.maxEntryBytes() ? entry.declaredSize() + " bytes"
        : "more than " + limits.maxEntryBytes() + " bytes";
    Optional<String> binary = OversizedEntry.binaryFormat(entry.name(), head);
    String why;
    if (binary.isPresent()) {
      why = "%s of %s, over %d (limits.maxEntryBytes); not analyzed".formatted(binary.get(), size,
          limits.maxEntryBytes());
      report(new ArchiveFinding(ArchiveProblem.LARGE_BINARY, Severity.LOW, why,
          Evidence.of(entry.path(), "", binary.get() + ", " + size)));
    } else {
      why = "entry is larger than %d bytes (limits.maxEntryBytes) and was not analyzed".formatted(limits.maxEntryBytes());
      report(ArchiveFinding.of(ArchiveProblem.ANALYSIS_LIMIT, entry.path(), why));
    }
    return new EntryTooLargeException(entry.path() + ": " + why);
  }

  /**
   * Checks what the zip's central directory declares before anything inflates: the entry count, the
   * bytes all entries would inflate to (skipped ones too: pip and the JVM extract them at this size) and
   * each entry's compression ratio.
   */
  private void checkDirectory(Path file, String prefix) throws IOException {
    String where = prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 2);
    long room = limits.maxEntries() - entries;
    long[] counted = {0, 0};
    ArchiveFinding[] problem = {null};
    Optional<Long> declaredCount = CentralDirectory.read(file, e -> {
      if (++counted[0] > room) {
        problem[0] = ArchiveFinding.of(ArchiveProblem.TOO_MANY_ENTRIES, where,
            "more than %d entries (limits.maxEntries)".formatted(limits.maxEntries()));
        return false;
      }
      String path = prefix + e.name();
      long size = Math.max(0, e.size());
      counted[1] += size;
      if (inflated + counted[1] > limits.maxInflatedBytes() || counted[1] < 0) {
        problem[0] = ArchiveFinding.of(ArchiveProblem.BOMB, path,
            "entries declare more than %d bytes inflated (limits.maxInflatedBytes)".formatted(limits.maxInflatedBytes()));
        return false;
      }
      if (size > RATIO_FLOOR_BYTES && size / Math.max(1, e.compressedSize()) > limits.maxCompressionRatio()) {
        problem[0] = ArchiveFinding.of(ArchiveProblem.BOMB, path,
            "declares %d bytes from %d compressed, more than %d times (limits.maxCompressionRatio)"
                .formatted(size, e.compressedSize(), limits.maxCompressionRatio()));
        return false;
      }
      return true;
    });
    if (problem[0] == null && declaredCount.isPresent() && declaredCount.get() > room) {
      problem[0] = ArchiveFinding.of(ArchiveProblem.TOO_MANY_ENTRIES, where,
          "declares %d entries, more than %d (limits.maxEntries)".formatted(declaredCount.get(), limits.maxEntries()));
    }
    if (problem[0] != null) {
      halt(problem[0]);
      throw new LimitReached();
    }
  }

  private void halt(ArchiveFinding finding) {
    if (stop == null) {
      stop = finding;
      findings.add(finding);
    }
  }

  private static InputStream decompress(InputStream in, ArchiveFormat format) throws IOException {
    return switch (format) {
      case TAR_GZ -> new GzipMembers(in);
      case TAR_BZ2 -> new BZip2CompressorInputStream(in, true);
      case TAR_XZ -> new XZCompressorInputStream(in, true);
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
    private final long declaredBytes;
    private long read;
    private byte[] skipBuffer;

    /** @param declaredBytes the size the entry's header declares, or -1 when it declares none */
    Budgeted(InputStream in, String path, long compressedBytes, long declaredBytes) {
      super(in);
      this.path = path;
      this.compressedBytes = Math.max(compressedBytes, 1);
      this.declaredBytes = declaredBytes;
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
      // Skipped bytes are read and counted like any other: a tar entry nobody analyzes still inflates.
      if (skipBuffer == null) {
        skipBuffer = new byte[64 * 1024];
      }
      int read = read(skipBuffer, 0, (int) Math.min(Math.max(n, 0), skipBuffer.length));
      return Math.max(read, 0);
    }

    private void count(int n) throws LimitReached {
      read += n;
      inflated += n;
      if (declaredBytes >= 0 && read > declaredBytes) {
        // The header was checked before inflating; an entry that inflates past it lied to that check.
        halt(ArchiveFinding.of(ArchiveProblem.BOMB, path,
            "inflates past the %d bytes its header declares".formatted(declaredBytes)));
        throw new LimitReached();
      }
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
