package dev.gatehouse.analyzer;

import dev.gatehouse.analyzer.archive.ArchiveFormat;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads which {@link ArtifactKind} an archive is from its entry names, never its file name: an npm
 * tarball saved as {@code .tar.gz} is still an npm package whose install scripts npm runs.
 *
 * <p>Only names are read: a zip's central directory, a tar's headers. A tar is read until its kind is
 * certain, at most {@link #MAX_ENTRIES} headers and {@link #MAX_TAR_BYTES} inflated bytes; past those
 * the walk of the analysis, with its own limits, reports what is wrong with the archive.
 */
final class ArtifactSniffer {
  /** Headers read from a tar before giving up on its content; real packages decide within a few. */
  static final int MAX_ENTRIES = 100_000;
  /** Inflated bytes a tar is read through for its headers; a bomb is the analysis' finding, not ours. */
  static final long MAX_TAR_BYTES = 256L << 20;

  private ArtifactSniffer() {}

  /**
   * The kind the content of {@code file} shows, or empty when it is not a zip or tar, or an archive
   * whose entries name none of the kinds.
   */
  static Optional<ArtifactKind> sniff(Path file) throws IOException {
    Optional<ArchiveFormat> format = ArchiveFormat.sniff(file);
    if (format.isEmpty()) {
      return Optional.empty();
    }
    Layout layout = new Layout();
    try {
      if (format.get() == ArchiveFormat.ZIP) {
        readZip(file, layout);
      } else {
        readTar(file, format.get(), layout);
      }
    } catch (IOException | RuntimeException unreadable) {
      // A broken archive tells what it is by the names read so far, or by nothing; the analysis of
      // whatever kind it is given reports the damage as a finding.
    }
    return layout.kind();
  }

  private static void readZip(Path file, Layout layout) throws IOException {
    try (ZipFile zip = ZipFile.builder().setPath(file).get()) {
      Enumeration<ZipArchiveEntry> entries = zip.getEntries();
      for (int n = 0; entries.hasMoreElements() && n < MAX_ENTRIES; n++) {
        layout.see(entries.nextElement().getName(), true);
      }
    }
  }

  private static void readTar(Path file, ArchiveFormat format, Layout layout) throws IOException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
        InputStream inflated = new Capped(switch (format) {
          case TAR_GZ -> new GzipCompressorInputStream(raw, true);
          case TAR_BZ2 -> new BZip2CompressorInputStream(raw, true);
          default -> raw;
        });
        TarArchiveInputStream tar = new TarArchiveInputStream(inflated)) {
      TarArchiveEntry entry;
      for (int n = 0; n < MAX_ENTRIES && !layout.certain() && (entry = tar.getNextEntry()) != null; n++) {
        if (entry.isFile()) {
          layout.see(entry.getName(), false);
        }
      }
    }
  }

  /** What the entry names seen so far say. */
  private static final class Layout {
    private boolean zip;
    private boolean npmManifest;
    private boolean manifestInTopFolder;
    private boolean wheelMetadata;
    private boolean pythonSource;
    private boolean pythonSourceInPackageFolder;
    private boolean jvm;
    private String topFolder;
    private boolean oneTopFolder = true;

    void see(String rawName, boolean inZip) {
      zip = inZip;
      String name = rawName.startsWith("./") ? rawName.substring(2) : rawName;
      int slash = name.indexOf('/');
      String top = slash < 0 ? "" : name.substring(0, slash);
      if (topFolder == null) {
        topFolder = top;
      } else if (!topFolder.equals(top)) {
        oneTopFolder = false;
      }
      String below = slash < 0 ? name : name.substring(slash + 1);
      boolean directlyBelowTop = slash > 0 && below.indexOf('/') < 0;
      if (name.equals("package/package.json")) {
        npmManifest = true;
      } else if (directlyBelowTop && below.equals("package.json")) {
        manifestInTopFolder = true;
      }
      if (directlyBelowTop && (below.equals("PKG-INFO") || below.equals("setup.py") || below.equals("pyproject.toml"))) {
        if (top.equals("package")) {
          pythonSourceInPackageFolder = true;
        } else {
          pythonSource = true;
        }
      }
      if (inZip && directlyBelowTop && top.endsWith(".dist-info") && below.equals("WHEEL")) {
        wheelMetadata = true;
      }
      if (inZip && (name.startsWith("META-INF/") || name.toLowerCase(Locale.ROOT).endsWith(".class")
          || name.equals("AndroidManifest.xml") || name.equals("classes.jar"))) {
        jvm = true;
      }
    }

    /** True once no later header of a tar can change the answer. */
    boolean certain() {
      return npmManifest || pythonSource;
    }

    Optional<ArtifactKind> kind() {
      if (wheelMetadata) {
        return Optional.of(ArtifactKind.WHEEL);
      }
      // npm unpacks a tarball into package/ whatever its top folder is called; the folder package/ with
      // its manifest decides over Python files beside it (a Node package may ship a setup.py helper).
      if (npmManifest) {
        return Optional.of(ArtifactKind.NPM_TARBALL);
      }
      // A zipped sdist is one folder, name-version/; a jar that happens to hold a setup.py (Jython's
      // standard library) has META-INF/ and its class folders beside it.
      boolean python = pythonSource || pythonSourceInPackageFolder;
      if (python && (!zip || oneTopFolder)) {
        return Optional.of(ArtifactKind.SDIST);
      }
      if (jvm) {
        return Optional.of(ArtifactKind.JAR);
      }
      // Old npm tarballs name their top folder after the package (node-uuid/); one folder holding a
      // package.json and no Python build file is one of them.
      if (manifestInTopFolder && oneTopFolder && !zip) {
        return Optional.of(ArtifactKind.NPM_TARBALL);
      }
      return Optional.empty();
    }
  }

  /** Ends the stream, as if the tar ended, once {@link #MAX_TAR_BYTES} inflated bytes were read. */
  private static final class Capped extends FilterInputStream {
    private long read;

    Capped(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      if (read >= MAX_TAR_BYTES) {
        return -1;
      }
      int b = super.read();
      read += b < 0 ? 0 : 1;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (read >= MAX_TAR_BYTES) {
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, MAX_TAR_BYTES - read));
      read += Math.max(n, 0);
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(Math.min(n, Math.max(0, MAX_TAR_BYTES - read)));
      read += skipped;
      return skipped;
    }
  }
}
