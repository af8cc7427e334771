package dev.gatehouse.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * {@code upstreams.*}: the registries Gatehouse fetches from.
 *
 * @param maven {@code upstreams.maven}: tried in order, like a repository group; never empty
 * @param npm {@code upstreams.npm}
 * @param pypi {@code upstreams.pypi}
 * @param connectTimeout {@code upstreams.connectTimeout}
 * @param readTimeout {@code upstreams.readTimeout}: longest silence while reading a response
 * @param retries {@code upstreams.retries}: extra attempts after a safe failure (connect error, 5xx)
 */
public record UpstreamsConfig(
    List<MavenUpstream> maven,
    NpmUpstream npm,
    PypiUpstream pypi,
    Duration connectTimeout,
    Duration readTimeout,
    int retries) {

  public UpstreamsConfig {
    maven = List.copyOf(maven);
  }

  /** One Maven repository; {@code url} ends with {@code /}. */
  public record MavenUpstream(String name, URI url) {}

  /** The npm registry; {@code url} ends with {@code /}. */
  public record NpmUpstream(URI url) {}

  /**
   * A PEP 503 index and the only hosts artifact downloads may reach (every URL ends with {@code /}).
   */
  public record PypiUpstream(URI index, List<URI> files) {
    public PypiUpstream {
      files = List.copyOf(files);
    }
  }
}
