package dev.gatehouse.proxy.registry;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.proxy.http.HttpProblem;
import java.util.Optional;

/**
 * What a {@link Registry} makes of one request path: the closed set of things a package registry serves, each run
 * the same way by the {@link RegistryRoute}. {@code P} is the registry's own parsed path, which its handlers read.
 */
public sealed interface RegistryRequest<P> {

  /**
   * An artifact that code may run from (a jar, a tarball, a wheel): the gate decides on it. Its {@link
   * dev.gatehouse.core.gate.RequestTarget} is the registry's to name, since some registries need a document for
   * that (npm maps a tarball to its version through the packument).
   */
  record Artifact<P>(P path) implements RegistryRequest<P> {
    public Artifact {
      requireNonNull(path, "path");
    }
  }

  /** A metadata document ({@code maven-metadata.xml}, a packument, a simple page): cached, filtered, rewritten. */
  record Document<P>(P path) implements RegistryRequest<P> {
    public Document {
      requireNonNull(path, "path");
    }
  }

  /** A file nothing runs (a pom, a signature, PEP 658 metadata): fetched, verified and kept, not analyzed. */
  record PassThrough<P>(P path) implements RegistryRequest<P> {
    public PassThrough {
      requireNonNull(path, "path");
    }
  }

  /** An endpoint of the registry's own protocol (npm's ping and audit, a PEP 503 redirect). */
  record Special<P>(P path) implements RegistryRequest<P> {
    public Special {
      requireNonNull(path, "path");
    }
  }

  /**
   * A path the registry does not serve, with the problem that says why in a sentence.
   *
   * @param path the parsed path when the path parsed but names something refused, such as a file type
   */
  record Invalid<P>(Optional<P> path, HttpProblem problem) implements RegistryRequest<P> {
    public Invalid {
      requireNonNull(path, "path");
      requireNonNull(problem, "problem");
    }
  }
}
