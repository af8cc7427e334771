package dev.gatehouse.proxy.http;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.identity.Identity;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.TreeMap;

/**
 * One request as a route sees it: copied out of Netty's buffers on the event loop, so that it stays valid
 * on the blocking executor after Netty has released the request.
 *
 * @param requestId the id sent back in {@code X-Request-Id} and written in every log line about this request
 * @param rawPath the path exactly as sent, still percent-encoded; routes validate it themselves
 * @param headers header names in lower case; the last value wins
 * @param client the client's address, without port: the direct peer, or the address a trusted proxy names
 * @param caller who the request's token names; empty for an anonymous request, and before the access
 *     interceptor ({@code dev.gatehouse.proxy.access.Access}) has looked at the token
 */
public record HttpCall(String requestId, HttpMethod method, String rawPath, Map<String, List<String>> query,
    Map<String, String> headers, byte[] body, String client, Optional<Identity> caller) {
  /** A host name, IPv4 address or bracketed IPv6 address, with an optional port: nothing that could end a URL. */
  private static final Pattern HOST = Pattern.compile("([A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\])(:\\d{1,5})?");


  public HttpCall {
    requireNonNull(requestId, "requestId");
    requireNonNull(method, "method");
    requireNonNull(rawPath, "rawPath");
    requireNonNull(body, "body");
    requireNonNull(client, "client");
    requireNonNull(caller, "caller");
    query = Map.copyOf(query);
    headers = new TreeMap<>(headers);
  }

  static HttpCall from(String requestId, FullHttpRequest request, SocketAddress remote) {
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    String raw = request.uri();
    int q = raw.indexOf('?');
    String rawPath = q < 0 ? raw : raw.substring(0, q);
    Map<String, String> headers = new TreeMap<>();
    HttpHeaders h = request.headers();
    for (Map.Entry<String, String> e : h) {
      headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
    }
    byte[] body = new byte[request.content().readableBytes()];
    request.content().getBytes(request.content().readerIndex(), body);
    String client = remote instanceof InetSocketAddress inet && inet.getAddress() != null
        ? inet.getAddress().getHostAddress() : String.valueOf(remote);
    return new HttpCall(requestId, request.method(), rawPath, uri.parameters(), headers, body, client,
        Optional.empty());
  }

  /** This call as made by {@code caller} (empty: anonymous) from {@code client}. */
  public HttpCall attributed(String client, Optional<Identity> caller) {
    return new HttpCall(requestId, method, rawPath, query, headers, body, client, caller);
  }

  /** This call with other headers. */
  public HttpCall withHeaders(Map<String, String> headers) {
    return new HttpCall(requestId, method, rawPath, query, headers, body, client, caller);
  }

  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  /** The first value of a query parameter. */
  public Optional<String> param(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The name of the caller for the audit log and reviews; empty for an anonymous request. */
  public Optional<String> user() {
    return caller.map(Identity::name);
  }

  /**
   * {@code http://<Host>} as the client reached Gatehouse, or what a TLS-terminating proxy in front says in
   * {@code X-Forwarded-Proto} and {@code X-Forwarded-Host} (first value of each). A header that is not a host
   * name or address with an optional port is passed over, so a crafted header never ends up as anything but
   * a host in the URLs Gatehouse writes into metadata; empty when no usable host is known.
   */
  public Optional<String> origin() {
    String scheme = firstValue("X-Forwarded-Proto").filter(p -> p.equalsIgnoreCase("https")).isPresent()
        ? "https" : "http";
    return firstValue("X-Forwarded-Host").filter(h -> HOST.matcher(h).matches())
        .or(() -> header("Host").map(String::strip).filter(h -> HOST.matcher(h).matches()))
        .map(h -> scheme + "://" + h);
  }

  /** The first value of a header that proxies append to with commas. */
  private Optional<String> firstValue(String name) {
    return header(name).map(v -> v.split(",", 2)[0].strip()).filter(v -> !v.isEmpty());
  }

  public boolean isHead() {
    return HttpMethod.HEAD.equals(method);
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
