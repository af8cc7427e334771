package dev.gatehouse.proxy.npm;

import dev.gatehouse.config.ConfigException;
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
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/**
 * Gatehouse in-process on 127.0.0.1 and a free port, configured by a {@code gatehouse.yml} the test writes,
 * with its npm upstream pointed at a {@link FakeNpmRegistry}, and a {@link java.net.http.HttpClient} to call it.
 */
final class GatehouseUnderTest implements AutoCloseable {
  static final String ADMIN_TOKEN = "npm-test-admin-token-0123456789";

  private final Path dir;
  private final SettableClock clock;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private Gatehouse gatehouse;

  /**
   * @param policy the policy file's text, laid over the defaults; empty for the default policy alone
   * @param extraYaml more {@code gatehouse.yml} sections, such as {@code cache:}
   */
  GatehouseUnderTest(Path dir, FakeNpmRegistry registry, Optional<String> policy, String extraYaml, Instant now)
      throws IOException, ConfigException {
    this.dir = dir;
    this.clock = new SettableClock(now);
    StringBuilder yaml = new StringBuilder("""
        server:
          host: 127.0.0.1
          port: 0
        storage:
          dir: "%s"
        upstreams:
          npm:
            url: %s
          retries: 0
          readTimeout: 10s
        admin:
          token: %s
        """.formatted(dir.resolve("data"), registry.url(), ADMIN_TOKEN));
    if (policy.isPresent()) {
      Files.writeString(dir.resolve("policy.yml"), policy.get(), StandardCharsets.UTF_8);
      yaml.append("policy:\n  file: policy.yml\n");
    }
    yaml.append(extraYaml);
    Path file = dir.resolve("gatehouse.yml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    GatehouseConfig config = ConfigLoader.load(Optional.of(file), Map.of());
    this.gatehouse = new Gatehouse(config, clock);
    gatehouse.start();
  }

  Path dataDir() {
    return dir.resolve("data");
  }

  SettableClock clock() {
    return clock;
  }

  int port() {
    return gatehouse.port();
  }

  /** Gatehouse's npm registry URL, as a client configures it. */
  String registry() {
    return "http://127.0.0.1:" + port() + "/npm/";
  }

  HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
    return send("GET", path, HttpRequest.BodyPublishers.noBody(), headers);
  }

  HttpResponse<byte[]> getBytes(String path, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
        .timeout(Duration.ofSeconds(30)).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<String> send(String method, String path, HttpRequest.BodyPublisher body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
        .timeout(Duration.ofSeconds(30)).method(method, body);
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    gatehouse.close();
  }

  /** A clock the test moves, so that TTLs and the cooldown are measured at moments the test chooses. */
  static final class SettableClock extends Clock {
    private volatile Instant now;

    SettableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("tests use UTC");
    }
  }
}
