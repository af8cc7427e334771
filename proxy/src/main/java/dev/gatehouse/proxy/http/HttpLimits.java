package dev.gatehouse.proxy.http;

/**
 * The bounds of what the server reads from a client, from {@code server.*} in {@code gatehouse.yml}.
 *
 * @param maxInitialLineLength {@code server.maxInitialLineLength}: the request line, which holds the path
 * @param maxHeaderSize {@code server.maxHeaderSize}: all headers of one request together
 * @param maxRequestBodyBytes {@code server.maxRequestBodyBytes}: the aggregated body (admin API JSON)
 */
public record HttpLimits(int maxInitialLineLength, int maxHeaderSize, int maxRequestBodyBytes) {
  public HttpLimits {
    if (maxInitialLineLength <= 0 || maxHeaderSize <= 0 || maxRequestBodyBytes < 0) {
      throw new IllegalArgumentException("HTTP limits must be positive: line %d, headers %d, body %d"
          .formatted(maxInitialLineLength, maxHeaderSize, maxRequestBodyBytes));
    }
  }
}
