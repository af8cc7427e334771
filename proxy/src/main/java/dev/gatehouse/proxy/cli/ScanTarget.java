package dev.gatehouse.proxy.cli;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonFactory;
import dev.gatehouse.analyzer.AnalysisLimits;
import dev.gatehouse.analyzer.ArtifactKind;
import dev.gatehouse.analyzer.Deadline;
import dev.gatehouse.analyzer.archive.ArchiveWalker;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageRef;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local file that {@code gatehouse scan} analyzes, with the package identity the policy needs for
 * trusted names and the deny list. Its kind comes from its content ({@link ArtifactKind#detect}). A proxy
 * learns the identity from the request path; a scan learns it from where the file lies (a Maven
 * repository layout), from the metadata inside it ({@code package.json}, {@code pom.properties}, a jar's
 * manifest), or from the file name the ecosystem gives it.
 */
record ScanTarget(Path file, ArtifactKind kind, PackageRef ref) {
  private static final JsonFactory JSON =
      JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder().maxStringLength(1 << 20).build()).build();

  /**
   * The target {@code file} is, or empty when its content and name are no artifact Gatehouse reads.
   * {@code root} is the folder the scan walked to find it, which is where a Maven repository layout
   * begins when no folder above the file is named like a repository's root.
   */
  static Optional<ScanTarget> of(Path file, Optional<Path> root, AnalysisLimits limits) throws IOException {
    String fileName = file.getFileName().toString();
    Optional<ArtifactKind> kind = ArtifactKind.detect(file);
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    PackageRef ref = switch (kind.get()) {
      case JAR -> mavenRef(file, root, fileName);
      case NPM_TARBALL -> npmRef(file, fileName, limits);
      case WHEEL, SDIST -> pypiRef(fileName, kind.get());
    };
    return Optional.of(new ScanTarget(file, kind.get(), ref));
  }

  /**
   * The coordinates of a JVM archive: from where it sits when that is a Maven repository layout
   * ({@code …/group/path/artifact/version/artifact-version[-classifier].jar}, what the proxy learns from
   * the request path), else from its {@code META-INF/maven/…/pom.properties}, else from its manifest.
   * The layout comes first because the other two may describe something else: a shaded jar carries the
   * pom.properties of what it shades, and a bundle's symbolic name is seldom its groupId.
   */
  private static PackageRef mavenRef(Path file, Optional<Path> root, String fileName) throws IOException {
    Path versionDir = file.getParent();
    Path artifactDir = versionDir == null ? null : versionDir.getParent();
    if (artifactDir != null && artifactDir.getParent() != null) {
      String version = versionDir.getFileName().toString();
      String artifact = artifactDir.getFileName().toString();
      if (fileName.startsWith(artifact + "-" + version)) {
        String group = groupOf(artifactDir.getParent(), root);
        if (!group.isEmpty()) {
          return new PackageRef(Ecosystem.MAVEN, group + ":" + artifact, version, fileName);
        }
      }
    }
    JarIdentity identity = JarIdentity.read(file);
    return identity.coordinates(stem(fileName))
        .map(c -> new PackageRef(Ecosystem.MAVEN, c.name(), c.version(), fileName))
        .orElseGet(() -> new PackageRef(Ecosystem.MAVEN, "unknown:" + stem(fileName), "unknown", fileName));
  }

  /**
   * The groupId spelled by the folders from the repository's root down to {@code dir}: the root is a
   * folder named like one ({@code repository}, {@code maven2}, {@code .m2}) or the folder the scan
   * started from; empty when neither lies above.
   */
  private static String groupOf(Path dir, Optional<Path> root) {
    StringBuilder group = new StringBuilder();
    Path d = dir;
    while (d != null && d.getFileName() != null) {
      String name = d.getFileName().toString();
      if (name.equals("repository") || name.equals("maven2") || name.equals(".m2") || root.filter(d::equals).isPresent()) {
        return group.toString();
      }
      group.insert(0, group.length() == 0 ? name : name + ".");
      d = d.getParent();
    }
    return "";
  }

  private static PackageRef npmRef(Path file, String fileName, AnalysisLimits limits) throws IOException {
    Optional<String> manifest = firstEntry(file, limits, "", "package.json");
    if (manifest.isPresent()) {
      try {
        JsonNode json = new ObjectMapper(JSON).readTree(manifest.get());
        String name = json.path("name").asText("");
        String version = json.path("version").asText("");
        if (!name.isBlank() && !version.isBlank()) {
          return new PackageRef(Ecosystem.NPM, name, version, fileName);
        }
      } catch (IOException unreadable) {
        // the analyzer reports a broken package.json as a finding; the name falls back to the file's
      }
    }
    String stem = stem(fileName);
    int dash = stem.lastIndexOf('-');
    return dash > 0
        ? new PackageRef(Ecosystem.NPM, stem.substring(0, dash), stem.substring(dash + 1), fileName)
        : new PackageRef(Ecosystem.NPM, stem, "unknown", fileName);
  }

  /** PEP 427 wheel names ({@code name-version-…}) and sdist names ({@code name-version.tar.gz}). */
  private static PackageRef pypiRef(String fileName, ArtifactKind kind) {
    String stem = stem(fileName);
    String name;
    String version;
    if (kind == ArtifactKind.WHEEL) {
      String[] parts = stem.split("-");
      name = parts[0];
      version = parts.length > 1 ? parts[1] : "unknown";
    } else {
      int dash = stem.lastIndexOf('-');
      name = dash > 0 ? stem.substring(0, dash) : stem;
      version = dash > 0 ? stem.substring(dash + 1) : "unknown";
    }
    // PEP 503 normalization: runs of -, _ and . become one -, lowercase.
    String normalized = name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    return new PackageRef(Ecosystem.PYPI, normalized, version, fileName);
  }

  private static String stem(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    for (String ext : new String[] {".tar.gz", ".tar.bz2", ".tgz", ".whl", ".zip", ".jar", ".war", ".ear", ".aar"}) {
      if (lower.endsWith(ext)) {
        return fileName.substring(0, fileName.length() - ext.length());
      }
    }
    return fileName;
  }

  /** The text of the first entry whose name starts with {@code prefix} and ends with {@code suffix}, one level deep at most. */
  private static Optional<String> firstEntry(Path archive, AnalysisLimits limits, String prefix, String suffix)
      throws IOException {
    AtomicReference<String> found = new AtomicReference<>();
    ArchiveWalker walker = new ArchiveWalker(limits, Deadline.after(limits.maxAnalysisTime()));
    walker.walk(archive, entry -> {
      String name = entry.name();
      boolean shallow = name.indexOf('/') == name.lastIndexOf('/') || prefix.length() > 0;
      if (found.get() == null && shallow && name.startsWith(prefix) && name.endsWith(suffix)) {
        found.set(entry.text());
      }
    });
    return Optional.ofNullable(found.get());
  }
}
