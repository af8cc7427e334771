package dev.gatehouse.analyzer.npm;

import java.util.Locale;
import java.util.Optional;

/**
 * Where npm fetches a dependency from, read from its spec in {@code dependencies}: the registry (a
 * version range, a tag, an {@code npm:} alias), or somewhere else. A dependency fetched from a git
 * repository, a URL or a path never passes through Gatehouse, and npm runs its install scripts, and for
 * git its {@code prepare} script too: the PhantomRaven campaign (2025) hid its payload in "remote dynamic
 * dependencies" on attacker URLs, and the TanStack compromise ran code through a git dependency's
 * {@code prepare}.
 */
final class DependencySource {
  /** The phrase for a git dependency; npm runs its {@code prepare} script when it installs one. */
  static final String GIT = "a git repository";

  private DependencySource() {}

  /**
   * Where {@code spec} points outside the registry, as a phrase ("a git repository"), or empty for a
   * registry dependency.
   */
  static Optional<String> offRegistry(String spec) {
    String s = spec.strip().toLowerCase(Locale.ROOT);
    if (s.startsWith("git+") || s.startsWith("git://") || s.startsWith("github:") || s.startsWith("gitlab:")
        || s.startsWith("bitbucket:") || s.startsWith("gist:") || s.startsWith("git@") || s.endsWith(".git")
        || isGitHubShorthand(s)) {
      return Optional.of(GIT);
    }
    if (s.startsWith("http://") || s.startsWith("https://")) {
      return Optional.of("a URL");
    }
    if (s.startsWith("file:") || s.startsWith("link:") || s.startsWith("./") || s.startsWith("../")
        || s.startsWith("/") || s.startsWith("~/")) {
      return Optional.of("a path on the installing machine");
    }
    return Optional.empty();
  }

  /**
   * The registry package that a registry dependency named {@code key} with {@code spec} installs: the key
   * itself, or the target of an {@code npm:} alias ({@code "lodash": "npm:plain-crypto-js@^4"} installs
   * plain-crypto-js under the name lodash).
   */
  static String registryName(String key, String spec) {
    String s = spec.strip();
    if (!s.regionMatches(true, 0, "npm:", 0, 4)) {
      return key;
    }
    String target = s.substring(4);
    int at = target.indexOf('@', target.startsWith("@") ? 1 : 0);
    String name = at < 0 ? target : target.substring(0, at);
    return name.isEmpty() ? key : name;
  }

  /** {@code owner/repo} or {@code owner/repo#ref}: npm reads it as a GitHub repository. */
  private static boolean isGitHubShorthand(String s) {
    return !s.startsWith("@") && !s.startsWith("npm:") && s.matches("[a-z0-9][\\w.-]*/[\\w.-]+(#\\S*)?");
  }
}
