package dev.gatehouse.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code upstreams.*}: the registries Gatehouse fetches from. Every URL in it is an absolute {@code http}
 * or {@code https} URL whose path ends with {@code /}, so that {@link URI#resolve} keeps its last segment.
 *
 * @param maven {@code upstreams.maven}: tried in order, like a repository group; never empty, names unique
 * @param npm {@code upstreams.npm}
 * @param pypi {@code upstreams.pypi}
 * @param connectTimeout {@code upstreams.connectTimeout}
 * @param readTimeout {@code upstreams.readTimeout}: longest silence while reading a response
 * @param retries {@code upstreams.retries}: extra attempts after a safe failure (connect error, 5xx)
 * @param downloadTimeout {@code upstreams.downloadTimeout}: longest a whole download may take, however steadily
 *     its bytes arrive
 */
public record UpstreamsConfig(
    List<MavenUpstream> maven,
    NpmUpstream npm,
    PypiUpstream pypi,
    Duration connectTimeout,
    Duration readTimeout,
    int retries,
    Duration downloadTimeout) {

  public UpstreamsConfig {
    maven = List.copyOf(maven);
    requireNonNull(npm, "npm");
    requireNonNull(pypi, "pypi");
    requireNonNull(connectTimeout, "connectTimeout");
    requireNonNull(readTimeout, "readTimeout");
    if (maven.isEmpty()) {
      throw new IllegalArgumentException("maven must list at least one repository");
    }
    Set<String> names = new HashSet<>();
    for (MavenUpstream upstream : maven) {
      if (!names.add(upstream.name())) {
        throw new IllegalArgumentException("two maven upstreams are named " + upstream.name());
      }
    }
    Bounds.positive("connectTimeout", connectTimeout);
    Bounds.positive("readTimeout", readTimeout);
    Bounds.notNegative("retries", retries);
    requireNonNull(downloadTimeout, "downloadTimeout");
    Bounds.positive("downloadTimeout", downloadTimeout);
  }

  /** One Maven repository; {@code url} ends with {@code /}. */
  public record MavenUpstream(String name, URI url) {
    public MavenUpstream {
      requireNonNull(name, "name");
      Bounds.baseUrl("url", url);
    }
  }

  /** The npm registry; {@code url} ends with {@code /}. */
  public record NpmUpstream(URI url) {
    public NpmUpstream {
      Bounds.baseUrl("url", url);
    }
  }

  /**
   * A PEP 503 index and the only hosts artifact downloads may reach (every URL ends with {@code /}).
   */
  public record PypiUpstream(URI index, List<URI> files) {
    public PypiUpstream {
      Bounds.baseUrl("index", index);
      files = List.copyOf(files);
      if (files.isEmpty()) {
        throw new IllegalArgumentException("files must list at least one URL");
      }
      for (URI file : files) {
        Bounds.baseUrl("files", file);
      }
    }
  }
}
