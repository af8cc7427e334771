package dev.gatehouse.proxy.pypi;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.config.UpstreamsConfig.PypiUpstream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The only places artifact downloads may reach: below the URLs of {@code upstreams.pypi.files}, and anywhere
 * on the index's own host (a mirror served by a plain static server, such as {@code python3 -m http.server}
 * in a folder with {@code simple/} and {@code files/}, keeps its files beside the index). This is the guard
 * that keeps {@code /pypi/files/} from being an open proxy.
 *
 * <p>A file is named on Gatehouse by its <em>locator</em>: the upstream URL without its scheme, such as
 * {@code files.pythonhosted.org/packages/4c/ab/x-1.0-py3-none-any.whl}. The scheme is never taken from a
 * request, the host must equal a configured one, and the path must lie below that base and be plain: no
 * empty, {@code .} or {@code ..} segment, no encoded slash, backslash, dot or percent sign (which a server
 * that decodes twice would turn into one), no user info, port other than the configured one, query or
 * fragment. Index pages are only ever rewritten to locators that pass the same check. Immutable.
 */
final class FileHosts {
  private final List<URI> bases;

  FileHosts(PypiUpstream upstream) {
    requireNonNull(upstream, "upstream");
    List<URI> all = new ArrayList<>(upstream.files());
    URI index = upstream.index();
    all.add(URI.create(index.getScheme() + "://" + index.getRawAuthority() + "/"));
    this.bases = List.copyOf(all);
  }

  /** The locator of {@code url} when it lies below a base, or empty: such a file is never fetched. */
  Optional<String> locator(URI url) {
    if (url.isOpaque() || url.getRawUserInfo() != null || url.getRawQuery() != null || url.getHost() == null
        || url.getScheme() == null) {
      return Optional.empty();
    }
    String path = url.getRawPath();
    if (path == null || !path.startsWith("/") || pathProblem(path.substring(1)).isPresent()) {
      return Optional.empty();
    }
    String authority = authority(url);
    for (URI base : bases) {
      if (base.getScheme().equalsIgnoreCase(url.getScheme()) && authority(base).equals(authority)
          && path.startsWith(base.getRawPath())) {
        return Optional.of(authority + canonical(path));
      }
    }
    return Optional.empty();
  }

  /**
   * {@code rawPath} with one spelling per character, so that a locator a client re-encoded still matches the
   * index's: unreserved characters (RFC 3986 §2.3) plain, every other byte as uppercase {@code %XX}. pip, for
   * one, sends {@code +} in a file name as {@code %2B}. Only for a path {@link #pathProblem} accepts.
   */
  static String canonical(String rawPath) {
    StringBuilder out = new StringBuilder(rawPath.length() + 8);
    for (int i = 0; i < rawPath.length(); i++) {
      char c = rawPath.charAt(i);
      int b = c;
      if (c == '%' && i + 2 < rawPath.length() && hexByte(rawPath.charAt(i + 1), rawPath.charAt(i + 2)) >= 0) {
        b = hexByte(rawPath.charAt(i + 1), rawPath.charAt(i + 2));
        i += 2;
      }
      boolean unreserved = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
          || b == '-' || b == '.' || b == '_' || b == '~' || b == '/';
      if (unreserved) {
        out.append((char) b);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /**
   * The upstream URL that {@code locator}, taken from a request path, names.
   *
   * @throws IllegalArgumentException with a sentence for the client when it names no place below a base
   */
  URI resolve(String locator) {
    int slash = locator.indexOf('/');
    if (slash <= 0) {
      throw new IllegalArgumentException("a file path names a host and a path below it, such as "
          + "files.pythonhosted.org/packages/...");
    }
    String authority = locator.substring(0, slash);
    String path = locator.substring(slash);
    Optional<String> problem = pathProblem(path.substring(1));
    if (problem.isPresent()) {
      throw new IllegalArgumentException("the file path " + problem.get());
    }
    for (URI base : bases) {
      if (authority(base).equals(authority) && path.startsWith(base.getRawPath())) {
        URI url;
        try {
          url = new URI(base.getScheme() + "://" + base.getRawAuthority() + path);
        } catch (URISyntaxException e) {
          break;
        }
        // Checked again the way index pages are: the URL built must give back exactly this locator.
        if (locator(url).equals(Optional.of(authority + canonical(path)))) {
          return url;
        }
      }
    }
    throw new IllegalArgumentException(authority + " with that path is not below any of upstreams.pypi.files "
        + "or the index's host, so Gatehouse does not fetch from it");
  }

  /**
   * What is wrong with a raw (percent-encoded) path below the host, or empty when it is plain. Letters,
   * digits and {@code - . _ ~ + ! , =} stand for themselves; anything else must be percent-encoded, and
   * must not encode a separator, a dot, a percent sign or a control character.
   */
  static Optional<String> pathProblem(String rawPath) {
    if (rawPath.isEmpty()) {
      return Optional.of("is empty");
    }
    for (String segment : rawPath.split("/", -1)) {
      if (segment.isEmpty()) {
        return Optional.of("has an empty segment (//)");
      }
      if (segment.equals(".") || segment.equals("..")) {
        return Optional.of("has a '" + segment + "' segment");
      }
      for (int i = 0; i < segment.length(); i++) {
        char c = segment.charAt(i);
        if (c == '%') {
          int decoded = i + 2 < segment.length() ? hexByte(segment.charAt(i + 1), segment.charAt(i + 2)) : -1;
          if (decoded < 0) {
            return Optional.of("has a '%' that is not followed by two hex digits");
          }
          if (decoded == '/' || decoded == '\\' || decoded == '.' || decoded == '%' || decoded < 0x20
              || decoded == 0x7f) {
            return Optional.of("encodes a separator, dot, percent sign or control character (%"
                + segment.substring(i + 1, i + 3) + ")");
          }
          i += 2;
        } else if (!plain(c)) {
          return Optional.of("contains '" + (c >= 0x20 && c < 0x7f ? String.valueOf(c) : "?")
              + "', which a file path here never does");
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The last segment of a raw path, percent-decoded as UTF-8 ('+' is a plus in a path): what clients call
   * the file. Empty when the path ends in '/' or the name would hold a separator.
   */
  static Optional<String> fileName(String rawPath) {
    if (rawPath.isEmpty() || rawPath.endsWith("/")) {
      return Optional.empty();
    }
    String segment = rawPath.substring(rawPath.lastIndexOf('/') + 1);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
    int literal = 0;
    for (int i = 0; i + 2 < segment.length(); i++) {
      int decoded = segment.charAt(i) == '%' ? hexByte(segment.charAt(i + 1), segment.charAt(i + 2)) : -1;
      if (decoded >= 0) {
        bytes.writeBytes(segment.substring(literal, i).getBytes(StandardCharsets.UTF_8));
        bytes.write(decoded);
        i += 2;
        literal = i + 1;
      }
    }
    bytes.writeBytes(segment.substring(literal).getBytes(StandardCharsets.UTF_8));
    String name = bytes.toString(StandardCharsets.UTF_8);
    return name.isEmpty() || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0 ? Optional.empty() : Optional.of(name);
  }

  private static boolean plain(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '!' || c == ',' || c == '=';
  }

  private static int hexByte(char high, char low) {
    int h = Character.digit(high, 16);
    int l = Character.digit(low, 16);
    return h < 0 || l < 0 ? -1 : h * 16 + l;
  }

  /** Host in lowercase, with the port only when it is not the scheme's default. */
  private static String authority(URI url) {
    String host = url.getHost().toLowerCase(Locale.ROOT);
    int port = url.getPort();
    boolean defaultPort = port == -1
        || (port == 80 && "http".equalsIgnoreCase(url.getScheme()))
        || (port == 443 && "https".equalsIgnoreCase(url.getScheme()));
    return defaultPort ? host : host + ":" + port;
  }
}
