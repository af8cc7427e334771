package dev.gatehouse.proxy.cli;

import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --server} and {@code --token}, which every command that talks to a running Gatehouse takes. The token
 * falls back to {@code GATEHOUSE_TOKEN}, then {@code GATEHOUSE_ADMIN_TOKEN}; on the command line it would be in the
 * shell's history, so the variables are the better place.
 */
final class ServerOptions {
  @Option(names = "--server", paramLabel = "URL", defaultValue = "${env:GATEHOUSE_URL:-http://localhost:8080}",
      description = "The Gatehouse to talk to (env GATEHOUSE_URL, default ${DEFAULT-VALUE}).")
  String server;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "The token to authenticate with (env GATEHOUSE_TOKEN, else GATEHOUSE_ADMIN_TOKEN).")
  String token;

  ServerClient client() {
    URI uri;
    try {
      uri = URI.create(server);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--server is not a URL: " + server);
    }
    if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
        || uri.getHost() == null) {
      throw new IllegalArgumentException("--server must be an http(s) URL such as http://localhost:8080, was "
          + server);
    }
    return new ServerClient(uri, Optional.ofNullable(token).or(() -> env("GATEHOUSE_TOKEN"))
        .or(() -> env("GATEHOUSE_ADMIN_TOKEN")));
  }

  private static Optional<String> env(String name) {
    return Optional.ofNullable(System.getenv(name)).map(String::strip).filter(v -> !v.isEmpty());
  }
}
