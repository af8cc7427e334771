package dev.gatehouse.proxy.http;

import java.time.Duration;

/**
 * The bounds of what the server reads from a client, from {@code server.*} in {@code gatehouse.yml}.
 *
 * @param maxInitialLineLength {@code server.maxInitialLineLength}: the request line, which holds the path
 * @param maxHeaderSize {@code server.maxHeaderSize}: all headers of one request together
 * @param maxRequestBodyBytes {@code server.maxRequestBodyBytes}: the aggregated body (admin API JSON)
 * @param requestTimeout {@code server.requestTimeout}: from the first byte of a request to its last
 * @param maxConnectionsPerClient {@code server.maxConnectionsPerClient}: connections open from one address
 */
public record HttpLimits(int maxInitialLineLength, int maxHeaderSize, int maxRequestBodyBytes,
    Duration requestTimeout, int maxConnectionsPerClient) {
  public HttpLimits {
    if (maxInitialLineLength <= 0 || maxHeaderSize <= 0 || maxRequestBodyBytes < 0 || maxConnectionsPerClient <= 0) {
      throw new IllegalArgumentException("HTTP limits must be positive: line %d, headers %d, body %d, connections %d"
          .formatted(maxInitialLineLength, maxHeaderSize, maxRequestBodyBytes, maxConnectionsPerClient));
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("the request timeout must be positive, was " + requestTimeout);
    }
  }
}
