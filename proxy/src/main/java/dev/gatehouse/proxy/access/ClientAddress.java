package dev.gatehouse.proxy.access;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.config.AddressRange;
import dev.gatehouse.proxy.http.HttpCall;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The address a request came from, for the audit log. A client can write anything into {@code X-Forwarded-For},
 * so the header counts only when the direct peer is one of {@code server.trustedProxies}; then the client is the
 * nearest address in it, read from the right, that is not itself a trusted proxy (each proxy appends the peer it
 * saw, so everything left of the first untrusted hop is the client's own claim). Immutable.
 */
final class ClientAddress {
  // Literal addresses only: resolving one never asks DNS, and a host name in the header is never looked up.
  private static final Pattern LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
  /** Hops read from the header at most: more would be a header built to make the server work. */
  private static final int MAX_HOPS = 20;

  private final List<AddressRange> trusted;

  ClientAddress(List<AddressRange> trusted) {
    this.trusted = List.copyOf(requireNonNull(trusted, "trusted"));
  }

  /** The client of {@code call}: its direct peer, or the address its trusted proxies name. */
  String of(HttpCall call) {
    String peer = call.client();
    if (trusted.isEmpty() || !isTrusted(peer)) {
      return peer;
    }
    Optional<String> forwarded = call.header("X-Forwarded-For");
    if (forwarded.isEmpty()) {
      return peer;
    }
    String[] hops = forwarded.get().split(",");
    String client = peer;
    for (int i = hops.length - 1; i >= Math.max(0, hops.length - MAX_HOPS); i--) {
      String hop = hops[i].strip();
      Optional<InetAddress> address = literal(hop);
      if (address.isEmpty()) {
        return client; // garbage in the chain: the last good hop is as far as anything can be believed
      }
      client = address.get().getHostAddress();
      if (!trusted(address.get())) {
        return client;
      }
    }
    return client;
  }

  private boolean isTrusted(String peer) {
    return literal(peer).map(this::trusted).orElse(false);
  }

  private boolean trusted(InetAddress address) {
    return trusted.stream().anyMatch(range -> range.contains(address));
  }

  private static Optional<InetAddress> literal(String text) {
    if (!LITERAL.matcher(text).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(text));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
