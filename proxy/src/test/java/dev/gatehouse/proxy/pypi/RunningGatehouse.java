package dev.gatehouse.proxy.pypi;

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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Gatehouse in-process on a free port of 127.0.0.1, configured through a {@code gatehouse.yml} the test
 * writes: PyPI upstreams pointing at fake servers, its data and policy in the test's folder. Requests go
 * over real sockets with the JDK's HTTP client, which never follows redirects here.
 */
final class RunningGatehouse implements AutoCloseable {
  static final String ADMIN_TOKEN = "test-admin-token-0123456789";

  private final Gatehouse gatehouse;
  private final Path dataDir;
  private final int port;
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private RunningGatehouse(Gatehouse gatehouse, Path dataDir, int port) {
    this.gatehouse = gatehouse;
    this.dataDir = dataDir;
    this.port = port;
  }

  /**
   * @param index the {@code upstreams.pypi.index} URL
   * @param files the {@code upstreams.pypi.files} URLs
   * @param policy the policy file's text, or empty for the embedded default
   */
  static RunningGatehouse start(Path dir, String index, String[] files, Optional<String> policy, Clock clock)
      throws Exception {
    StringBuilder yaml = new StringBuilder("""
        server:
          host: 127.0.0.1
          port: 0
          blockingThreads: 8
        storage:
          dir: %s
        admin:
          token: %s
        upstreams:
          connectTimeout: 2s
          readTimeout: 5s
          retries: 0
          pypi:
            index: %s
            files:
        """.formatted(dir.resolve("data"), ADMIN_TOKEN, index));
    for (String f : files) {
      yaml.append("      - ").append(f).append('\n');
    }
    if (policy.isPresent()) {
      Files.writeString(dir.resolve("policy.yml"), policy.get(), StandardCharsets.UTF_8);
      yaml.append("policy:\n  file: policy.yml\n");
    }
    Path file = dir.resolve("gatehouse.yml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    GatehouseConfig config = ConfigLoader.load(Optional.of(file), Map.of());
    Gatehouse gatehouse = new Gatehouse(config, clock);
    int port = gatehouse.start();
    return new RunningGatehouse(gatehouse, config.storage().dir(), port);
  }

  int port() {
    return port;
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  Path dataDir() {
    return dataDir;
  }

  /** Every file in the blob store and its temp folder: what Gatehouse kept, finished or not. */
  List<Path> keptFiles() throws IOException {
    List<Path> kept = new ArrayList<>();
    for (String folder : new String[] {"blobs", "tmp"}) {
      Path dir = dataDir.resolve(folder);
      if (Files.isDirectory(dir)) {
        try (Stream<Path> walk = Files.walk(dir)) {
          walk.filter(Files::isRegularFile).forEach(kept::add);
        }
      }
    }
    return kept;
  }

  /** GET {@code path} with {@code headers} given as name, value, name, value. */
  HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
    return http.send(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<byte[]> getBytes(String path, String... headers) throws IOException, InterruptedException {
    return http.send(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** POST to the admin API with the configured token, as reviewer {@code reviewer}. */
  HttpResponse<String> admin(String path, String json, String reviewer) throws IOException, InterruptedException {
    return http.send(request(path, "Authorization", "Bearer " + ADMIN_TOKEN, "X-Gatehouse-User", reviewer,
        "Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> adminGet(String path) throws IOException, InterruptedException {
    return get(path, "Authorization", "Bearer " + ADMIN_TOKEN);
  }

  private HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return builder;
  }

  @Override
  public void close() {
    gatehouse.close();
  }
}
