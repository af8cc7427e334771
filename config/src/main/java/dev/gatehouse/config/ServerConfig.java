package dev.gatehouse.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code server.*}: where Gatehouse listens and how much it accepts.
 *
 * @param host {@code server.host} / {@code GATEHOUSE_HOST}; an IPv6 literal is kept without brackets
 * @param port {@code server.port} / {@code GATEHOUSE_PORT}; 0 picks a free port (tests)
 * @param maxInitialLineLength {@code server.maxInitialLineLength}: longest request line, bytes
 * @param maxHeaderSize {@code server.maxHeaderSize}: all request headers together, bytes
 * @param maxRequestBodyBytes {@code server.maxRequestBodyBytes}: admin API bodies
 * @param maxConcurrentFetches {@code server.maxConcurrentFetches}: first fetches (download + analysis) at once
 * @param blockingThreads {@code server.blockingThreads}: threads for downloads, analysis and the database
 * @param publicUrl {@code server.publicUrl}: the URL people reach Gatehouse at, for the commands Gatehouse prints
 *     (the approve call in a refusal); empty means {@code http://<host>:<port>} with {@code localhost} for a
 *     wildcard host. Always ends with {@code /}.
 * @param trustedProxies {@code server.trustedProxies}: direct peers whose {@code X-Forwarded-For} names the client
 * @param requestTimeout {@code server.requestTimeout}: from the first byte of a request to its last; a client that
 *     trickles its request (slowloris) is answered 408 and cut off
 * @param maxConnectionsPerClient {@code server.maxConnectionsPerClient}: connections open at once from one address
 */
public record ServerConfig(
    String host,
    int port,
    int maxInitialLineLength,
    int maxHeaderSize,
    int maxRequestBodyBytes,
    int maxConcurrentFetches,
    int blockingThreads,
    Optional<URI> publicUrl,
    List<AddressRange> trustedProxies,
    Duration requestTimeout,
    int maxConnectionsPerClient) {

  public ServerConfig {
    requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
    Bounds.positive("maxInitialLineLength", maxInitialLineLength);
    Bounds.positive("maxHeaderSize", maxHeaderSize);
    Bounds.positive("maxRequestBodyBytes", maxRequestBodyBytes);
    Bounds.positive("maxConcurrentFetches", maxConcurrentFetches);
    Bounds.positive("blockingThreads", blockingThreads);
    requireNonNull(publicUrl, "publicUrl");
    trustedProxies = List.copyOf(trustedProxies);
    requireNonNull(requestTimeout, "requestTimeout");
    Bounds.positive("maxConnectionsPerClient", maxConnectionsPerClient);
  }
}
