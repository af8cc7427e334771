package dev.gatehouse.proxy.maven;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.proxy.http.HttpProblem;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A validated path of the Maven repository layout, below {@code /maven2/}: {@code group/path/artifact/version/file},
 * {@code .../maven-metadata.xml}, or a checksum ({@code .md5}, {@code .sha1}, {@code .sha256}, {@code .sha512})
 * of either. Nothing else can be built: no {@code .} or {@code ..} segment, no percent-encoded dot, slash or
 * backslash, no backslash, no empty segment, and only the characters Maven coordinates use. A path that
 * fails any of these is refused before it reaches the upstream or the disk.
 *
 * @param segments the decoded path segments, the file name last
 * @param checksum the checksum algorithm when the path names a checksum file ({@code sha1}, ...)
 */
public record MavenPath(List<String> segments, Optional<String> checksum) {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._~+-]*");
  private static final Pattern ENCODED_SEPARATOR = Pattern.compile("(?i)%(2e|2f|5c|25)");
  private static final List<String> CHECKSUMS = List.of("md5", "sha1", "sha256", "sha512");
  /**
   * Archives analyzed before they are served. A {@code .zip} (Maven distributions the Maven Wrapper fetches,
   * assembly bundles) is read like a jar: its classes and the jars inside it are what can run.
   */
  private static final List<String> GATED = List.of(".jar", ".war", ".ear", ".aar", ".zip");
  /** Files that describe an artifact and run nothing, proxied without analysis. */
  private static final List<String> DESCRIPTORS = List.of(".pom", ".module", ".asc", ".xml", ".json");
  static final String METADATA = "maven-metadata.xml";

  public MavenPath {
    segments = List.copyOf(segments);
    requireNonNull(checksum, "checksum");
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("empty path");
    }
  }

  /**
   * Parses the part of a request path after {@code /maven2/}, still percent-encoded.
   *
   * @throws IllegalArgumentException with a sentence for the client when the path is not a layout path
   */
  public static MavenPath parse(String rawPath) {
    if (rawPath.indexOf('\\') >= 0) {
      throw new IllegalArgumentException("a backslash is not allowed in a repository path");
    }
    if (ENCODED_SEPARATOR.matcher(rawPath).find()) {
      throw new IllegalArgumentException("percent-encoded dots, slashes and percent signs are not allowed in a repository path");
    }
    if (rawPath.startsWith("/")) {
      // "/maven2//x": parsed as "//x", it would name a host, not a path
      throw new IllegalArgumentException("empty path segment at the start of the repository path");
    }
    String decoded;
    try {
      String path = new URI("/" + rawPath).getPath();
      if (path == null || path.isEmpty()) {
        throw new IllegalArgumentException("the path is not a valid URI path");
      }
      decoded = path.substring(1);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("the path is not a valid URI path");
    }
    if (decoded.isEmpty()) {
      throw new IllegalArgumentException("name a file of the Maven repository layout: group/path/artifact/version/file");
    }
    List<String> segments = Arrays.asList(decoded.split("/", -1));
    for (String segment : segments) {
      if (segment.isEmpty()) {
        throw new IllegalArgumentException("empty path segment in " + decoded);
      }
      if (segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("'.' and '..' are not allowed in a repository path");
      }
      if (!SEGMENT.matcher(segment).matches()) {
        throw new IllegalArgumentException(
            "\"" + HttpProblem.printable(segment) + "\" is not a valid Maven path segment");
      }
    }
    String file = segments.get(segments.size() - 1);
    Optional<String> checksum = Optional.empty();
    int dot = file.lastIndexOf('.');
    if (dot > 0 && CHECKSUMS.contains(file.substring(dot + 1).toLowerCase(Locale.ROOT))) {
      checksum = Optional.of(file.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
    MavenPath path = new MavenPath(segments, checksum);
    path.checkLayout();
    return path;
  }

  /** The file name, including any checksum suffix. */
  public String fileName() {
    return segments.get(segments.size() - 1);
  }

  /** The file a checksum is of (this path itself when it is no checksum). */
  public MavenPath subject() {
    if (checksum.isEmpty()) {
      return this;
    }
    String file = fileName();
    String base = file.substring(0, file.length() - checksum.get().length() - 1);
    List<String> parts = new java.util.ArrayList<>(segments.subList(0, segments.size() - 1));
    parts.add(base);
    return new MavenPath(parts, Optional.empty());
  }

  public boolean isMetadata() {
    return subject().fileName().equals(METADATA);
  }

  /** A jar, war, ear, aar or zip: analyzed before it is served. */
  public boolean isGatedArchive() {
    return !isMetadata() && GATED.stream().anyMatch(ext -> subject().fileName().toLowerCase(Locale.ROOT).endsWith(ext));
  }

  /** A pom, Gradle module file, signature or other descriptor: proxied without analysis. */
  public boolean isDescriptor() {
    return !isMetadata() && DESCRIPTORS.stream().anyMatch(ext -> subject().fileName().toLowerCase(Locale.ROOT).endsWith(ext));
  }

  /** {@code groupId:artifactId} of a file in a version folder. */
  public String packageName() {
    return groupId() + ":" + artifactId();
  }

  public String groupId() {
    requireVersionFolder();
    return String.join(".", segments.subList(0, segments.size() - 3));
  }

  public String artifactId() {
    requireVersionFolder();
    return segments.get(segments.size() - 3);
  }

  public String version() {
    requireVersionFolder();
    return segments.get(segments.size() - 2);
  }

  /** The path relative to a repository root, as sent upstream. */
  public String relative() {
    return String.join("/", segments);
  }

  /** The folder segments of a {@code maven-metadata.xml}, which name a group, an artifact or a version. */
  public List<String> folder() {
    return segments.subList(0, segments.size() - 1);
  }

  @Override
  public String toString() {
    return relative();
  }

  private void requireVersionFolder() {
    if (isMetadata()) {
      throw new IllegalStateException("maven-metadata.xml has no version folder: " + this);
    }
  }

  private void checkLayout() {
    MavenPath subject = subject();
    String file = subject.fileName();
    if (file.equals(METADATA)) {
      if (segments.size() < 2) {
        throw new IllegalArgumentException("maven-metadata.xml belongs in a group or artifact folder");
      }
      return;
    }
    if (segments.size() < 4) {
      throw new IllegalArgumentException(
          "\"" + relative() + "\" is not a file of the Maven repository layout (group/path/artifact/version/file)");
    }
    String artifactId = subject.artifactId();
    String version = subject.version();
    String stem = artifactId + "-" + version;
    boolean matches = file.startsWith(stem + ".") || file.startsWith(stem + "-");
    if (!matches && version.endsWith("-SNAPSHOT")) {
      // Timestamped snapshots: artifact-1.0-20240101.123456-1.jar in folder 1.0-SNAPSHOT.
      String base = version.substring(0, version.length() - "-SNAPSHOT".length());
      matches = file.matches(Pattern.quote(artifactId + "-" + base) + "-\\d{8}\\.\\d{6}-\\d+([-.].*)");
    }
    if (!matches) {
      throw new IllegalArgumentException("\"" + file + "\" does not belong in folder " + artifactId + "/" + version
          + " of the Maven repository layout");
    }
  }
}
