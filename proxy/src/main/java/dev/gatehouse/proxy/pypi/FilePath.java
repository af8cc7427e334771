package dev.gatehouse.proxy.pypi;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.proxy.http.HttpProblem;
import java.util.Optional;

/**
 * A request path below {@code /pypi/files/}: {@code {project}/{locator}}, where the locator is the upstream
 * file URL without its scheme (see {@link FileHosts}), optionally followed by {@code .metadata} for the
 * file's PEP 658 core metadata. The project names whose index page lists the file, so that the file is
 * verified against that page's digest.
 *
 * @param locator without the {@code .metadata} suffix
 * @param filename the file the locator ends in, percent-decoded
 * @param metadata whether the request is for the file's {@code .metadata}
 */
record FilePath(ProjectName project, String locator, String filename, boolean metadata) {
  static final String METADATA_SUFFIX = ".metadata";

  FilePath {
    requireNonNull(project, "project");
    requireNonNull(locator, "locator");
    requireNonNull(filename, "filename");
  }

  /**
   * Reads {@code rawPath}, the part after {@code /pypi/files/}, still percent-encoded.
   *
   * @throws IllegalArgumentException with a sentence for the client when it is no such path
   */
  static FilePath parse(String rawPath) {
    int slash = rawPath.indexOf('/');
    if (slash <= 0) {
      throw new IllegalArgumentException("a file path is /pypi/files/{project}/{host}/{path}");
    }
    String name = rawPath.substring(0, slash);
    Optional<ProjectName> project = ProjectName.parse(name);
    if (project.isEmpty() || !project.get().normalized().equals(name)) {
      throw new IllegalArgumentException("'" + HttpProblem.printable(name) + "' is not a normalized project name");
    }
    String locator = rawPath.substring(slash + 1);
    int hostEnd = locator.indexOf('/');
    if (hostEnd <= 0) {
      throw new IllegalArgumentException("a file path names a host and a path below it");
    }
    // Clients percent-encode the port's colon (pip sends 127.0.0.1%3A8700) and IPv6 brackets; nothing else.
    String host = locator.substring(0, hostEnd).replace("%3A", ":").replace("%3a", ":")
        .replace("%5B", "[").replace("%5b", "[").replace("%5D", "]").replace("%5d", "]");
    if (!host.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || ".-:[]".indexOf(c) >= 0)) {
      // No user info ('@'), no other encoding, no uppercase: exactly as Gatehouse writes hosts.
      throw new IllegalArgumentException("'" + HttpProblem.printable(host) + "' is not a host as Gatehouse writes it");
    }
    Optional<String> problem = FileHosts.pathProblem(locator.substring(hostEnd + 1));
    if (problem.isPresent()) {
      throw new IllegalArgumentException("the file path " + problem.get());
    }
    String path = FileHosts.canonical(locator.substring(hostEnd));
    boolean metadata = path.endsWith(METADATA_SUFFIX) && path.length() > 1 + METADATA_SUFFIX.length();
    String filePath = metadata ? path.substring(0, path.length() - METADATA_SUFFIX.length()) : path;
    Optional<String> filename = FileHosts.fileName(filePath);
    if (filename.isEmpty()) {
      throw new IllegalArgumentException("the file path does not end in a file name");
    }
    return new FilePath(project.get(), host + filePath, filename.get(), metadata);
  }
}
