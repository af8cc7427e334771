package dev.gatehouse.analyzer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The shape of an artifact's bytes, which decides how Gatehouse reads it.
 *
 * <p>The analyzer is given a kind, never a package identity: the same bytes analyzed as the same kind
 * always give the same findings.
 */
public enum ArtifactKind {
  /** A Java archive: {@code .jar}, {@code .war}, {@code .ear}, {@code .aar}, Maven plugins. */
  JAR,
  /** An npm package tarball ({@code .tgz}), with {@code package/} as its root folder. */
  NPM_TARBALL,
  /** A Python wheel ({@code .whl}, a zip laid out as site-packages will hold it). */
  WHEEL,
  /** A Python source distribution ({@code .tar.gz}, {@code .zip}) that pip builds by running code. */
  SDIST;

  /**
   * Recognises an artifact from its content, and from its file name only when the content says nothing:
   * a tar whose entries sit under {@code package/} with {@code package/package.json} is an npm tarball;
   * a zip with {@code *.dist-info/WHEEL} is a wheel; a tar, or a zip of one folder, with {@code
   * PKG-INFO}, {@code setup.py} or {@code pyproject.toml} in its top folder is an sdist; a zip with
   * {@code META-INF/}, {@code .class} entries or an Android manifest is a JVM archive. A file that is no
   * zip or tar is named by its file name, and the analysis of that kind reports it unreadable.
   *
   * <p>Reads entry names only (a zip's central directory, a tar's headers), with bounds of its own.
   *
   * @throws IOException when the file cannot be read at all
   */
  public static Optional<ArtifactKind> detect(Path file) throws IOException {
    Optional<ArtifactKind> byContent = ArtifactSniffer.sniff(file);
    return byContent.isPresent() ? byContent : fromFileName(file.getFileName().toString());
  }

  /**
   * Recognises an artifact from its file name alone, or empty when the name says nothing Gatehouse
   * analyzes. {@code .tgz} is npm's tarball name; {@code .tar.gz} and {@code .zip} are Python sdists.
   */
  public static Optional<ArtifactKind> fromFileName(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT);
    if (name.endsWith(".jar") || name.endsWith(".war") || name.endsWith(".ear") || name.endsWith(".aar")) {
      return Optional.of(JAR);
    }
    if (name.endsWith(".tgz")) {
      return Optional.of(NPM_TARBALL);
    }
    if (name.endsWith(".whl")) {
      return Optional.of(WHEEL);
    }
    if (name.endsWith(".tar.gz") || name.endsWith(".zip") || name.endsWith(".tar.bz2")) {
      return Optional.of(SDIST);
    }
    return Optional.empty();
  }
}
