package dev.gatehouse.proxy.npm;

import dev.gatehouse.proxy.http.HttpCall;
import java.util.regex.Pattern;

/**
 * Gatehouse's npm registry URL as a client reached it, for the {@code dist.tarball} URLs of the packuments it
 * gets: {@code http://<Host>/npm/}, or what a TLS-terminating proxy in front says in {@code X-Forwarded-Proto}
 * and {@code X-Forwarded-Host}. Each client gets its own rendering (the URL is part of the packument's ETag), so
 * one client's headers never reach another's packuments.
 */
final class RegistryUrl {
  /** A host name, IPv4 address or bracketed IPv6 address, with an optional port: nothing that could end a URL. */
  private static final Pattern HOST = Pattern.compile("([A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\])(:\\d{1,5})?");

  private final String fallbackHost;

  /** @param fallbackHost the host and port to name when a request has no usable {@code Host} header */
  RegistryUrl(String fallbackHost) {
    if (!HOST.matcher(fallbackHost).matches()) {
      throw new IllegalArgumentException("not a host[:port]: " + fallbackHost);
    }
    this.fallbackHost = fallbackHost;
  }

  /** The registry URL, ending in {@code /npm/}. */
  String of(HttpCall call) {
    return call.origin().orElse("http://" + fallbackHost) + NpmRegistry.PREFIX;
  }
}
