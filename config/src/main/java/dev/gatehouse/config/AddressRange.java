package dev.gatehouse.config;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * A block of IP addresses written as an address ({@code 127.0.0.1}, {@code ::1}) or in CIDR notation
 * ({@code 10.0.0.0/8}, {@code fd00::/8}): an entry of {@code server.trustedProxies}. An IPv4 range never
 * contains an IPv6 address and the other way round.
 *
 * @param network the first address of the block, host bits cleared
 * @param prefixLength how many leading bits an address must share with {@code network}
 */
public record AddressRange(InetAddress network, int prefixLength) {
  // Literal addresses only: parsing one of these never asks DNS.
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  public AddressRange {
    requireNonNull(network, "network");
    int bits = network.getAddress().length * 8;
    if (prefixLength < 0 || prefixLength > bits) {
      throw new IllegalArgumentException("prefix length must be 0.." + bits + ", was " + prefixLength);
    }
    network = masked(network, prefixLength);
  }

  /** Whether {@code address} is in this block. */
  public boolean contains(InetAddress address) {
    byte[] given = address.getAddress();
    return given.length == network.getAddress().length
        && masked(address, prefixLength).equals(network);
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + prefixLength;
  }

  /** Parses {@code 10.0.0.0/8}, {@code 127.0.0.1}, {@code fd00::/8} or {@code ::1}. */
  static AddressRange parse(String text) throws InvalidValue {
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    if (!(IPV4.matcher(address).matches() || IPV6.matcher(address).matches())) {
      throw notRange(text);
    }
    InetAddress network;
    try {
      network = InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      throw notRange(text);
    }
    int bits = network.getAddress().length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String length = text.substring(slash + 1);
      if (!length.matches("\\d{1,3}") || Integer.parseInt(length) > bits) {
        throw new InvalidValue("the prefix length of " + Quoted.of(text) + " must be 0.." + bits);
      }
      prefix = Integer.parseInt(length);
    }
    return new AddressRange(network, prefix);
  }

  private static InvalidValue notRange(String text) {
    return new InvalidValue("not an IP address or CIDR block such as 10.0.0.0/8: " + Quoted.of(text));
  }

  private static InetAddress masked(InetAddress address, int prefixLength) {
    byte[] bytes = address.getAddress();
    for (int i = 0; i < bytes.length; i++) {
      int keep = Math.max(0, Math.min(8, prefixLength - i * 8));
      bytes[i] &= (byte) (0xFF << (8 - keep));
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("an address of 4 or 16 bytes is always valid", e);
    }
  }
}
