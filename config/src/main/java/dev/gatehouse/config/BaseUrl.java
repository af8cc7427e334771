package dev.gatehouse.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The base URL of an upstream registry: absolute {@code http} or {@code https}, with a host, without
 * credentials, query or fragment, and with a path that ends in {@code /} so that artifact paths resolve
 * below it ({@code https://repo.example/maven2} and {@code https://repo.example/maven2/} are the same base;
 * without the slash, {@link URI#resolve} would drop {@code maven2}).
 */
final class BaseUrl {
  private BaseUrl() {}

  static URI parse(String text) throws InvalidValue {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw notHttp(text);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || uri.isOpaque() || !(scheme.equals("http") || scheme.equals("https"))
        || uri.getHost() == null) {
      throw notHttp(text);
    }
    // Credentials in a URL end up in logs and error messages; so the message does not repeat the URL.
    if (uri.getRawUserInfo() != null) {
      throw new InvalidValue("must not contain a user name or password");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new InvalidValue("a base URL has no query or fragment: " + Quoted.of(text));
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return URI.create(scheme + "://" + uri.getRawAuthority() + (path.endsWith("/") ? path : path + "/"));
  }

  private static InvalidValue notHttp(String text) {
    return new InvalidValue("not an absolute http(s) URL: " + Quoted.of(text));
  }
}
