package dev.gatehouse.proxy.e2e;

import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.GatehouseConfig;
import dev.gatehouse.proxy.Gatehouse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Gatehouse in-process on 127.0.0.1 and a free port, configured through a real {@code gatehouse.yml} in the
 * test's folder, with a {@code java.net.http} client to talk to it.
 */
final class RunningGatehouse implements AutoCloseable {
  static final String TOKEN = "test-admin-token";

  private final Gatehouse gatehouse;
  private final int port;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private RunningGatehouse(Gatehouse gatehouse, int port) {
    this.gatehouse = gatehouse;
    this.port = port;
  }

  /**
   * Starts Gatehouse with its data in {@code dataDir} and {@code upstream} as the only Maven repository.
   *
   * @param extraYaml more top-level YAML, merged over the test defaults (e.g. a {@code limits:} block)
   */
  static RunningGatehouse start(Path dataDir, URI upstream, String extraYaml) throws Exception {
    return start(dataDir, upstream, extraYaml, 32);
  }

  static RunningGatehouse start(Path dataDir, URI upstream, String extraYaml, int maxConcurrentFetches)
      throws Exception {
    return start(dataDir, java.util.List.of(upstream), extraYaml, maxConcurrentFetches);
  }

  /** With several Maven repositories, tried in the given order like a repository group. */
  static RunningGatehouse start(Path dataDir, java.util.List<URI> upstreams, String extraYaml, int maxConcurrentFetches)
      throws Exception {
    StringBuilder repositories = new StringBuilder();
    for (int i = 0; i < upstreams.size(); i++) {
      repositories.append("    - name: fake").append(i).append("\n      url: ").append(upstreams.get(i)).append('\n');
    }
    Path yml = dataDir.resolveSibling(dataDir.getFileName() + "-gatehouse.yml");
    Files.writeString(yml, """
        server:
          host: 127.0.0.1
          port: 0
          maxConcurrentFetches: %d
        storage:
          dir: %s
        upstreams:
          maven:
        %s  connectTimeout: 2s
          readTimeout: 2s
          retries: 1
        admin:
          token: %s
        """.formatted(maxConcurrentFetches, dataDir, repositories, TOKEN) + extraYaml, StandardCharsets.UTF_8);
    GatehouseConfig config = ConfigLoader.load(Optional.of(yml), Map.of());
    Gatehouse gatehouse = new Gatehouse(config);
    int port = gatehouse.start();
    return new RunningGatehouse(gatehouse, port);
  }

  static RunningGatehouse start(Path dataDir, URI upstream) throws Exception {
    return start(dataDir, upstream, "");
  }

  int port() {
    return port;
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<byte[]> head(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri(path)).method("HEAD", HttpRequest.BodyPublishers.noBody())
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<String> admin(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body);
    return http.send(HttpRequest.newBuilder(uri(path)).method(method, publisher)
        .header("Authorization", "Bearer " + TOKEN).header("X-Gatehouse-User", "reviewer-ann")
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> adminGet(String path) throws IOException, InterruptedException {
    return admin("GET", path, null);
  }

  HttpClient http() {
    return http;
  }

  @Override
  public void close() {
    gatehouse.close();
  }
}
