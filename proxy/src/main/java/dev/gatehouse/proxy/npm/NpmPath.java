package dev.gatehouse.proxy.npm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a path below {@code /npm/} asks for, validated: a packument ({@code name}, {@code @scope%2fname} or
 * {@code @scope/name}), one version of it ({@code name/1.2.3} or {@code name/latest}), a tarball ({@code
 * name/-/name-1.2.3.tgz}), or one of the registry's own endpoints under {@code -/}. Anything else is refused
 * with a sentence before it reaches the upstream or the disk.
 */
sealed interface NpmPath {
  /** The longest version or dist-tag accepted in a path; semver puts no bound on build metadata. */
  int MAX_SPEC_LENGTH = 256;
  /** The longest tarball file name accepted, as most file systems allow. */
  int MAX_FILE_LENGTH = 255;

  /** {@code GET /npm/{name}}: the package document. */
  record Packument(NpmName name) implements NpmPath {}

  /** {@code GET /npm/{name}/{version-or-tag}}: the manifest of one version. */
  record Version(NpmName name, String spec) implements NpmPath {}

  /** {@code GET /npm/{name}/-/{file}}: a tarball, through the gate. */
  record Tarball(NpmName name, String file) implements NpmPath {}

  /** A registry endpoint under {@code /npm/-/}. */
  record Special(Endpoint endpoint, String path) implements NpmPath {}

  /** The registry endpoints under {@code -/} that Gatehouse knows. */
  enum Endpoint {
    /** {@code -/ping}: {@code npm ping} and health checks. */
    PING,
    /** {@code -/npm/v1/security/advisories/bulk}: {@code npm audit}, passed to the upstream. */
    ADVISORIES_BULK,
    /** {@code -/npm/v1/security/audits/quick}: the older {@code npm audit} call, passed to the upstream. */
    AUDITS_QUICK,
    /** {@code -/user/...} and {@code -/v1/login}: accounts and logins, which a read-only proxy has none of. */
    ACCOUNT,
    /** Anything else under {@code -/} (search, whoami, tokens, hooks): not offered. */
    OTHER
  }

  Pattern SPEC = Pattern.compile("[A-Za-z0-9_~+-][A-Za-z0-9._~+-]*");
  Pattern FILE = Pattern.compile("[A-Za-z0-9_~-][A-Za-z0-9._~!*'()+-]*\\.tgz");

  /**
   * Parses the part of a request path after {@code /npm/}, still percent-encoded.
   *
   * @throws IllegalArgumentException with a sentence for the client when the path asks for nothing npm asks for
   */
  static NpmPath parse(String rawPath) {
    if (rawPath.startsWith("-/")) {
      return special(rawPath);
    }
    if (rawPath.isEmpty()) {
      throw new IllegalArgumentException("name a package: /npm/{name}, /npm/@scope/name or /npm/{name}/-/{file}.tgz");
    }
    List<String> segments = new ArrayList<>(Arrays.asList(rawPath.split("/", -1)));
    for (int i = 0; i < segments.size(); i++) {
      segments.set(i, decode(segments.get(i)));
    }
    NpmName name;
    String first = segments.remove(0);
    if (first.startsWith("@") && first.indexOf('/') < 0) {
      if (segments.isEmpty()) {
        throw new IllegalArgumentException("a scoped package path has the form @scope/name, not " + NpmName.quoted(first));
      }
      name = NpmName.parse(first + "/" + segments.remove(0));
    } else {
      name = NpmName.parse(first);
    }
    for (String segment : segments) {
      if (segment.indexOf('/') >= 0) {
        throw new IllegalArgumentException("an escaped slash is allowed only between a scope and a name");
      }
    }
    if (segments.isEmpty()) {
      return new Packument(name);
    }
    if (segments.size() == 1) {
      String spec = segments.get(0);
      if (spec.length() > MAX_SPEC_LENGTH || !SPEC.matcher(spec).matches()) {
        throw new IllegalArgumentException(NpmName.quoted(spec) + " is not a version or dist-tag of " + name);
      }
      return new Version(name, spec);
    }
    if (segments.size() == 2 && segments.get(0).equals("-")) {
      String file = segments.get(1);
      if (file.length() > MAX_FILE_LENGTH || !FILE.matcher(file).matches()) {
        throw new IllegalArgumentException(NpmName.quoted(file) + " is not a tarball file name: Gatehouse serves "
            + "npm tarballs as /npm/{name}/-/{name}-{version}.tgz");
      }
      return new Tarball(name, file);
    }
    throw new IllegalArgumentException("not an npm registry path: use /npm/{name}, /npm/{name}/{version} or "
        + "/npm/{name}/-/{file}.tgz");
  }

  private static Special special(String rawPath) {
    String path = rawPath.substring(2);
    Endpoint endpoint;
    if (path.equals("ping")) {
      endpoint = Endpoint.PING;
    } else if (path.equals("npm/v1/security/advisories/bulk")) {
      endpoint = Endpoint.ADVISORIES_BULK;
    } else if (path.equals("npm/v1/security/audits/quick")) {
      endpoint = Endpoint.AUDITS_QUICK;
    } else if (path.startsWith("user/") || path.equals("v1/login") || path.startsWith("v1/login/")) {
      endpoint = Endpoint.ACCOUNT;
    } else {
      endpoint = Endpoint.OTHER;
    }
    return new Special(endpoint, rawPath);
  }

  /**
   * Percent-decodes one path segment strictly: every {@code %} starts two hex digits, and the result is
   * printable ASCII, since no valid name, version or file holds anything else. {@code +} stays a plus.
   */
  private static String decode(String segment) {
    if (segment.isEmpty()) {
      throw new IllegalArgumentException("an npm registry path has no empty segments (no // and no trailing /)");
    }
    if (segment.indexOf('%') < 0) {
      return requirePrintable(segment);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c != '%') {
        out.write(c);
        continue;
      }
      int hi = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
      int lo = hi >= 0 ? Character.digit(segment.charAt(i + 2), 16) : -1;
      if (lo < 0) {
        throw new IllegalArgumentException("a % in the path must start two hex digits");
      }
      out.write(hi * 16 + lo);
      i += 2;
    }
    return requirePrintable(new String(out.toByteArray(), StandardCharsets.ISO_8859_1));
  }

  private static String requirePrintable(String text) {
    Optional<Character> bad = text.chars().filter(c -> c < 0x21 || c > 0x7e || c == '\\')
        .mapToObj(c -> (char) c).findFirst();
    if (bad.isPresent()) {
      throw new IllegalArgumentException("the path holds a character no npm name, version or file has: U+%04X"
          .formatted((int) bad.get()));
    }
    return text;
  }
}
