package dev.gatehouse.proxy.pypi;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.analyzer.ArtifactKind;
import java.util.Locale;
import java.util.Optional;

/**
 * A file of a project that Gatehouse analyzes, with the version its name carries: a wheel ({@code
 * name-version(-build)?-python-abi-platform.whl}, PEP 427) or a source distribution ({@code
 * name-version.tar.gz}, {@code .zip}, {@code .tar.bz2}). Eggs, Windows installers and other legacy files are
 * none: Gatehouse cannot analyze them, so it neither lists nor serves them.
 */
record DistributionFile(String filename, String version, ArtifactKind kind) {
  private static final String[] SDIST_SUFFIXES = {".tar.gz", ".zip", ".tar.bz2"};

  DistributionFile {
    requireNonNull(filename, "filename");
    requireNonNull(version, "version");
    requireNonNull(kind, "kind");
  }

  /** The file {@code filename} of {@code project}, or empty when it is no wheel or sdist of it that names a version. */
  static Optional<DistributionFile> of(ProjectName project, String filename) {
    if (filename.isEmpty() || filename.indexOf('/') >= 0 || filename.indexOf('\\') >= 0) {
      return Optional.empty();
    }
    String lower = filename.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".whl")) {
      String[] parts = filename.substring(0, filename.length() - 4).split("-", -1);
      // name-version-python-abi-platform, with an optional build tag after the version
      if ((parts.length != 5 && parts.length != 6) || parts[1].isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new DistributionFile(filename, parts[1], ArtifactKind.WHEEL));
    }
    for (String suffix : SDIST_SUFFIXES) {
      if (lower.endsWith(suffix)) {
        String stem = filename.substring(0, filename.length() - suffix.length());
        return sdistVersion(project, stem).map(v -> new DistributionFile(filename, v, ArtifactKind.SDIST));
      }
    }
    return Optional.empty();
  }

  /**
   * An sdist is {@code name-version}, where older ones kept hyphens in the name ({@code python-dateutil-2.8.2}):
   * the version starts after the first hyphen whose prefix normalizes to the project's name, or else after
   * the last hyphen that a digit follows.
   */
  private static Optional<String> sdistVersion(ProjectName project, String stem) {
    for (int dash = stem.indexOf('-'); dash > 0; dash = stem.indexOf('-', dash + 1)) {
      if (ProjectName.normalize(stem.substring(0, dash)).equals(Optional.of(project.normalized()))) {
        return nonEmpty(stem.substring(dash + 1));
      }
    }
    for (int dash = stem.lastIndexOf('-'); dash > 0; dash = stem.lastIndexOf('-', dash - 1)) {
      if (dash + 1 < stem.length() && Character.isDigit(stem.charAt(dash + 1))) {
        return nonEmpty(stem.substring(dash + 1));
      }
    }
    return Optional.empty();
  }

  private static Optional<String> nonEmpty(String version) {
    return version.isBlank() ? Optional.empty() : Optional.of(version);
  }
}
