package dev.gatehouse.proxy.pypi;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** What a path under {@code /pypi/} names, as {@link PypiRegistry#parse} reads it. */
sealed interface PypiPath {

  /** {@code simple/}: the list of projects. */
  record ProjectList() implements PypiPath {}

  /** {@code simple/{project}/}, with the name normalized. */
  record ProjectPage(ProjectName project) implements PypiPath {
    public ProjectPage {
      requireNonNull(project, "project");
    }
  }

  /** {@code {project}/json}, with the name normalized. */
  record JsonPage(ProjectName project) implements PypiPath {
    public JsonPage {
      requireNonNull(project, "project");
    }
  }

  /** PEP 503 sends clients to the normalized name, with its final slash. */
  record Redirect(Optional<ProjectName> project, String location) implements PypiPath {
    public Redirect {
      requireNonNull(project, "project");
      requireNonNull(location, "location");
    }
  }

  /**
   * {@code files/{project}/{locator}}: a wheel or sdist, or its PEP 658 metadata.
   *
   * @param dist the version and kind the file name gives; empty when it names none (then the request is invalid)
   */
  record File(FilePath path, Optional<DistributionFile> dist) implements PypiPath {
    public File {
      requireNonNull(path, "path");
      requireNonNull(dist, "dist");
    }
  }
}
