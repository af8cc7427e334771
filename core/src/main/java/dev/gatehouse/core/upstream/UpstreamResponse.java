package dev.gatehouse.core.upstream;

import static java.util.Objects.requireNonNull;

import java.net.URI;

/**
 * What one upstream fetch came to. Expected outcomes are values; {@link UpstreamClient} throws only for
 * bugs and for failures of Gatehouse's own disk.
 */
public sealed interface UpstreamResponse {
  URI uri();

  /** The whole body arrived, within the size limit, and sits in a temp file. */
  record Found(Download download) implements UpstreamResponse {
    public Found {
      requireNonNull(download, "download");
    }

    @Override
    public URI uri() {
      return download.source();
    }
  }

  /** The upstream answered 404 or 410. */
  record NotFound(URI uri) implements UpstreamResponse {
    public NotFound {
      requireNonNull(uri, "uri");
    }
  }

  /**
   * Nothing usable arrived: a connection error, a non-404 error status, a truncated or oversized body, or a
   * timeout ({@link #timedOut()}). Any temp file was deleted.
   *
   * @param sentence what went wrong, for the client and the log: names the upstream and, for a limit, its key
   */
  record Failed(URI uri, String sentence, boolean timedOut) implements UpstreamResponse {
    public Failed {
      requireNonNull(uri, "uri");
      requireNonNull(sentence, "sentence");
    }
  }
}
