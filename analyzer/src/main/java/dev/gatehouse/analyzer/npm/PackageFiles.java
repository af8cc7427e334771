package dev.gatehouse.analyzer.npm;

import dev.gatehouse.analyzer.AnalysisLimits;
import dev.gatehouse.analyzer.Deadline;
import dev.gatehouse.analyzer.archive.ArchiveEntry;
import dev.gatehouse.analyzer.archive.ArchiveWalker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The files of an npm tarball as npm installs them: npm extracts with the first path segment stripped,
 * whatever it is called ({@code package/} by convention), so {@code package/lib/a.js} is {@code
 * lib/a.js} and a later entry for the same path replaces an earlier one, as extraction would.
 *
 * <p>Source files are kept in memory up to {@link #RETAINED_BYTES}: as they are up to {@link #RAW_BYTES},
 * deflated past that (JavaScript shrinks four to six times); past the budget only their names are kept,
 * and a file needed later is read again from the tarball ({@link #text}) together with as many other
 * files not yet analyzed as the budget holds. Files already analyzed are {@link #release released}. The
 * budget trades memory for time and never decides what is analyzed.
 */
final class PackageFiles {
  /** Source bytes kept from the first walk; a package's own JavaScript rarely exceeds this. */
  static final long RETAINED_BYTES = 64L << 20;
  /** Source bytes kept as they are; files after these are deflated, which costs time but no rereads. */
  static final long RAW_BYTES = 32L << 20;

  private final Path tarball;
  private final AnalysisLimits limits;
  private final Deadline deadline;
  private final ArchiveWalker walker;
  /** Installed path to the entry's path inside the tarball, sorted for deterministic iteration. */
  private final Map<String, String> entries = new TreeMap<>();
  private final Map<String, Packed> retained = new HashMap<>();
  private final Set<String> tooLarge = new HashSet<>();
  private final Set<String> released = new HashSet<>();
  private long retainedBytes;

  private PackageFiles(Path tarball, AnalysisLimits limits, Deadline deadline, ArchiveWalker walker) {
    this.tarball = tarball;
    this.limits = limits;
    this.deadline = deadline;
    this.walker = walker;
  }

  /** Walks {@code tarball} once with {@code walker}, whose archive findings the caller reports. */
  static PackageFiles read(Path tarball, AnalysisLimits limits, Deadline deadline, ArchiveWalker walker)
      throws IOException {
    PackageFiles files = new PackageFiles(tarball, limits, deadline, walker);
    walker.walk(tarball, files::visit);
    return files;
  }

  private void visit(ArchiveEntry entry) throws IOException {
    String installed = installedPath(entry.name());
    if (installed == null) {
      return;
    }
    entries.put(installed, entry.path());
    forget(installed);
    if (isSource(installed) && retainedBytes < RETAINED_BYTES) {
      byte[] bytes;
      try {
        bytes = entry.bytes();
      } catch (dev.gatehouse.analyzer.archive.EntryTooLargeException recorded) {
        tooLarge.add(installed);
        return;
      }
      keep(installed, bytes);
    }
  }

  /**
   * A source file's bytes, deflated: next's 82 MB of JavaScript did not fit the budget raw, and every file
   * read again cost a pass over the whole 200 MB tarball.
   */
  private record Packed(byte[] deflated, int length) {
    static Packed raw(byte[] bytes) {
      return new Packed(bytes, -1);
    }

    static Packed of(byte[] bytes) {
      java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_SPEED);
      try {
        deflater.setInput(bytes);
        deflater.finish();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(bytes.length / 4 + 64);
        byte[] buffer = new byte[64 * 1024];
        while (!deflater.finished()) {
          out.write(buffer, 0, deflater.deflate(buffer));
        }
        return new Packed(out.toByteArray(), bytes.length);
      } finally {
        deflater.end();
      }
    }

    byte[] bytes() {
      if (length < 0) {
        return deflated;
      }
      java.util.zip.Inflater inflater = new java.util.zip.Inflater();
      try {
        inflater.setInput(deflated);
        byte[] out = new byte[length];
        int n = 0;
        while (n < length && !inflater.finished()) {
          n += inflater.inflate(out, n, length - n);
        }
        return out;
      } catch (java.util.zip.DataFormatException impossible) {
        throw new IllegalStateException("bytes deflated by this class did not inflate", impossible);
      } finally {
        inflater.end();
      }
    }
  }

  private void keep(String installed, byte[] bytes) {
    Packed packed = retainedBytes + bytes.length <= RAW_BYTES ? Packed.raw(bytes) : Packed.of(bytes);
    retained.put(installed, packed);
    retainedBytes += packed.deflated().length;
  }

  private void forget(String installed) {
    Packed packed = retained.remove(installed);
    if (packed != null) {
      retainedBytes -= packed.deflated().length;
    }
  }

  /** {@code package/lib/a.js} → {@code lib/a.js}; null for entries npm would not extract. */
  static String installedPath(String entryName) {
    int slash = entryName.indexOf('/');
    if (slash < 0 || slash == entryName.length() - 1) {
      return null;
    }
    return entryName.substring(slash + 1);
  }

  /** Files worth keeping: code, manifests and scripts; never images, maps or type declarations. */
  static boolean isSource(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    if (p.endsWith(".d.ts") || p.endsWith(".map")) {
      return false;
    }
    String name = p.substring(p.lastIndexOf('/') + 1);
    // JSON is data: only manifests are read, never the data files code loads.
    return p.endsWith(".js") || p.endsWith(".cjs") || p.endsWith(".mjs") || p.endsWith(".sh")
        || name.equals("package.json") || p.endsWith(".gyp") || p.endsWith(".gypi") || p.endsWith(".ps1")
        || p.endsWith(".bat") || p.endsWith(".cmd") || !name.contains(".");
  }

  boolean exists(String path) {
    return entries.containsKey(path);
  }

  /** The path of {@code installed} inside the tarball, for evidence: {@code package/lib/a.js}. */
  String entryPath(String installed) {
    return entries.getOrDefault(installed, installed);
  }

  Set<String> paths() {
    return entries.keySet();
  }

  /**
   * The text of {@code path}, read again from the tarball when it was not retained; empty when the file
   * does not exist or was larger than {@code limits.maxEntryBytes} (already a finding).
   */
  Optional<String> text(String path) throws IOException {
    if (!entries.containsKey(path) || tooLarge.contains(path)) {
      return Optional.empty();
    }
    Packed packed = retained.get(path);
    byte[] bytes = packed == null ? null : packed.bytes();
    if (bytes == null) {
      bytes = reread(path);
    }
    return bytes == null ? Optional.empty() : Optional.of(new String(bytes, StandardCharsets.UTF_8));
  }

  /** Forgets the bytes of a file that was analyzed, making room for files still to come. */
  void release(String path) {
    released.add(path);
    forget(path);
  }

  private byte[] reread(String path) throws IOException {
    // A second walker: the first one's findings were already collected, and must not be doubled.
    ArchiveWalker again = new ArchiveWalker(limits, deadline);
    byte[][] found = new byte[1][];
    String wanted = entries.get(path);
    again.walk(tarball, entry -> {
      String installed = installedPath(entry.name());
      if (entry.path().equals(wanted)) {
        found[0] = entry.bytes();
      } else if (installed != null && isSource(installed) && retainedBytes < RETAINED_BYTES
          && !retained.containsKey(installed) && !released.contains(installed) && !tooLarge.contains(installed)
          && entry.path().equals(entries.get(installed))) {
        keep(installed, entry.bytes());
      }
    });
    if (again.stopped()) {
      again.findings().stream().filter(f -> !walker.findings().contains(f)).forEach(walker::report);
    }
    return found[0];
  }
}
