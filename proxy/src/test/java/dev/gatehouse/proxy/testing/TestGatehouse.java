package dev.gatehouse.proxy.testing;

import static java.util.Objects.requireNonNull;

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
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The one way tests start Gatehouse: in-process on a free port of 127.0.0.1, configured through a real
 * {@code gatehouse.yml} the {@link Builder} writes beside the data directory (Maven, npm and PyPI upstreams as
 * the test names them, a policy file, extra YAML), on the clock the test gives, with a {@code java.net.http}
 * client (HTTP/1.1, never following redirects) to talk to it over real sockets.
 *
 * <p>Audit events are written after their request by a writer thread; {@link #auditTrail} waits for that
 * writer instead of polling.
 */
public final class TestGatehouse implements AutoCloseable {
  public static final String ADMIN_TOKEN = "test-admin-token-0123456789";
  /** The token name {@link #admin(String, String, String)} acts as. */
  public static final String REVIEWER = "reviewer-ann";

  private final Gatehouse gatehouse;
  private final Path dataDir;
  private final Clock clock;
  private final int port;
  /** Admin-role tokens by name, issued on first use by {@link #tokenOf}. */
  private final Map<String, String> tokens = new ConcurrentHashMap<>();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

  private TestGatehouse(Gatehouse gatehouse, Path dataDir, Clock clock, int port) {
    this.gatehouse = gatehouse;
    this.dataDir = dataDir;
    this.clock = clock;
    this.port = port;
  }

  /** A Gatehouse whose data and configuration live in {@code dir} (data in {@code dir/data} unless told). */
  public static Builder builder(Path dir) {
    return new Builder(dir);
  }

  public int port() {
    return port;
  }

  /** The server itself, for what a test cannot reach over HTTP (a reload on SIGHUP). */
  public Gatehouse gatehouse() {
    return gatehouse;
  }

  /** The policy file written for {@link Builder#policy(String)}; rewrite it and reload to change the policy. */
  public Path policyFile() {
    return dataDir.resolveSibling(dataDir.getFileName() + "-policy.yml");
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  public URI uri(String path) {
    return URI.create(url(path));
  }

  /** Gatehouse's npm registry URL, as a client configures it. */
  public String npmRegistry() {
    return url("/npm/");
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The clock Gatehouse runs on; a {@link TestClock} when the test gave one. */
  public TestClock clock() {
    if (clock instanceof TestClock test) {
      return test;
    }
    throw new IllegalStateException("this Gatehouse runs on " + clock + ", not on a TestClock");
  }

  public HttpClient http() {
    return http;
  }

  /** Every file in the blob store, its temp folder and the scratch space: what Gatehouse kept, finished or not. */
  public List<Path> keptFiles() throws IOException {
    List<Path> kept = new ArrayList<>();
    for (String folder : new String[] {"blobs", "tmp", "scratch"}) {
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
  public HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
    return http.send(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<byte[]> getBytes(String path, String... headers) throws IOException, InterruptedException {
    return http.send(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  public HttpResponse<byte[]> head(String path, String... headers) throws IOException, InterruptedException {
    return http.send(request(path, headers).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  public HttpResponse<String> send(String method, String path, HttpRequest.BodyPublisher body, String... headers)
      throws IOException, InterruptedException {
    return http.send(request(path, headers).method(method, body).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Calls the admin API with an admin-role token named {@link #REVIEWER}; a null body sends none. */
  public HttpResponse<String> admin(String method, String path, String body) throws IOException, InterruptedException {
    return admin(method, path, body, REVIEWER);
  }

  /**
   * Calls the admin API with an admin-role token named {@code reviewer} (issued on first use; {@code admin} is the
   * configured admin token), a body being JSON. The token's name is who the call is attributed to.
   */
  public HttpResponse<String> admin(String method, String path, String body, String reviewer)
      throws IOException, InterruptedException {
    return withToken(tokenOf(reviewer), method, path, body);
  }

  /** Calls the admin API with {@code token} as a bearer token; a null body sends none, a body is JSON. */
  public HttpResponse<String> withToken(String token, String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body);
    HttpRequest.Builder request = request(path, "Authorization", "Bearer " + token);
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return http.send(request.method(method, publisher).build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> adminGet(String path) throws IOException, InterruptedException {
    return admin("GET", path, null);
  }

  /** Issues a token named {@code name} with {@code role} through the admin API and returns it. */
  public String issueToken(String name, String role) throws IOException, InterruptedException {
    HttpResponse<String> created = withToken(ADMIN_TOKEN, "POST", "/api/v1/tokens",
        "{\"name\": \"" + name + "\", \"role\": \"" + role + "\"}");
    Matcher token = Pattern.compile("\"token\" : \"([^\"]+)\"").matcher(created.body());
    if (created.statusCode() != 201 || !token.find()) {
      throw new IllegalStateException("could not issue token " + name + ": " + created.statusCode() + " "
          + created.body());
    }
    return token.group(1);
  }

  /** The admin-role token named {@code name}, issued on its first use; {@code admin} is the configured one. */
  private String tokenOf(String name) throws IOException, InterruptedException {
    if (name.equals("admin")) {
      return ADMIN_TOKEN;
    }
    String known = tokens.get(name);
    if (known != null) {
      return known;
    }
    synchronized (tokens) {
      String raced = tokens.get(name);
      if (raced != null) {
        return raced;
      }
      // A Gatehouse restarted on the same data directory knows the tokens a test issued before: it keeps them
      // beside the data directory, as a person keeps the token they were shown once.
      Path file = dataDir.resolveSibling(dataDir.getFileName() + "-test-tokens");
      Properties kept = new Properties();
      if (Files.exists(file)) {
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          kept.load(in);
        }
      }
      String issued = kept.getProperty(name);
      if (issued == null) {
        issued = issueToken(name, "admin");
        kept.setProperty(name, issued);
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
          kept.store(out, "tokens issued by TestGatehouse");
        }
      }
      tokens.put(name, issued);
      return issued;
    }
  }

  /**
   * The audit page for {@code query} (the query string of {@code /api/v1/audit}) once the audit writer has
   * stored every event recorded so far. Every route records its event before it answers, so the events of
   * all requests whose responses the test has received are in it.
   */
  public String auditTrail(String query) throws IOException, InterruptedException {
    gatehouse.flushAudit();
    return adminGet("/api/v1/audit" + (query.isEmpty() ? "" : "?" + query)).body();
  }

  private HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return builder;
  }

  @Override
  public void close() {
    gatehouse.close();
  }

  /** What the test's {@code gatehouse.yml} says; every part is optional. */
  public static final class Builder {
    private final Path dir;
    private Path dataDir;
    private final List<String> maven = new ArrayList<>();
    private String npm;
    private String pypiIndex;
    private final List<String> pypiFiles = new ArrayList<>();
    private Optional<String> policy = Optional.empty();
    private Clock clock = Clock.systemUTC();
    private final StringBuilder yaml = new StringBuilder();
    private final StringBuilder serverKeys = new StringBuilder();
    private Integer maxConcurrentFetches;
    private Integer blockingThreads;
    private String readTimeout = "5s";
    private int retries;

    private Builder(Path dir) {
      this.dir = requireNonNull(dir, "dir");
      this.dataDir = dir.resolve("data");
    }

    /** Where the data directory is; {@code gatehouse.yml} and the policy are written beside it. */
    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    /** Maven repositories, tried in the given order like a repository group; each URL ends in {@code /}. */
    public Builder maven(String... urls) {
      maven.addAll(List.of(urls));
      return this;
    }

    public Builder npm(String registryUrl) {
      this.npm = registryUrl;
      return this;
    }

    /** The PyPI simple index and the file hosts downloads may reach. */
    public Builder pypi(String index, String... files) {
      this.pypiIndex = index;
      pypiFiles.addAll(List.of(files));
      return this;
    }

    /** The policy file's text, laid over the defaults. */
    public Builder policy(String text) {
      this.policy = Optional.of(text);
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** More top-level {@code gatehouse.yml} sections ({@code cache:}, {@code limits:}, ...). */
    public Builder yaml(String sections) {
      yaml.append(sections.endsWith("\n") || sections.isEmpty() ? sections : sections + "\n");
      return this;
    }

    /** More keys of the {@code server:} section, one a line without indentation ({@code publicUrl: ...}). */
    public Builder server(String keys) {
      keys.lines().forEach(line -> serverKeys.append("  ").append(line).append('\n'));
      return this;
    }

    public Builder maxConcurrentFetches(int n) {
      this.maxConcurrentFetches = n;
      return this;
    }

    public Builder blockingThreads(int n) {
      this.blockingThreads = n;
      return this;
    }

    /** {@code upstreams.readTimeout} (default 5s) and {@code upstreams.retries} (default 0). */
    public Builder upstreamReads(String readTimeout, int retries) {
      this.readTimeout = readTimeout;
      this.retries = retries;
      return this;
    }

    public TestGatehouse start() throws Exception {
      Files.createDirectories(dir);
      String base = dataDir.getFileName().toString();
      StringBuilder text = new StringBuilder("server:\n  host: 127.0.0.1\n  port: 0\n");
      if (maxConcurrentFetches != null) {
        text.append("  maxConcurrentFetches: ").append(maxConcurrentFetches).append('\n');
      }
      if (blockingThreads != null) {
        text.append("  blockingThreads: ").append(blockingThreads).append('\n');
      }
      text.append(serverKeys);
      text.append("storage:\n  dir: \"").append(dataDir).append("\"\n");
      text.append("admin:\n  token: ").append(ADMIN_TOKEN).append('\n');
      text.append("upstreams:\n  connectTimeout: 2s\n  readTimeout: ").append(readTimeout)
          .append("\n  retries: ").append(retries).append('\n');
      if (!maven.isEmpty()) {
        text.append("  maven:\n");
        for (int i = 0; i < maven.size(); i++) {
          text.append("    - name: fake").append(i).append("\n      url: ").append(maven.get(i)).append('\n');
        }
      }
      if (npm != null) {
        text.append("  npm:\n    url: ").append(npm).append('\n');
      }
      if (pypiIndex != null) {
        text.append("  pypi:\n    index: ").append(pypiIndex).append("\n    files:\n");
        pypiFiles.forEach(f -> text.append("      - ").append(f).append('\n'));
      }
      if (policy.isPresent()) {
        Path file = dataDir.resolveSibling(base + "-policy.yml");
        Files.writeString(file, policy.get(), StandardCharsets.UTF_8);
        text.append("policy:\n  file: \"").append(file).append("\"\n");
      }
      text.append(yaml);
      Path yml = dataDir.resolveSibling(base + "-gatehouse.yml");
      Files.writeString(yml, text, StandardCharsets.UTF_8);
      GatehouseConfig config = ConfigLoader.load(Optional.of(yml), Map.of());
      Gatehouse gatehouse = new Gatehouse(config, clock);
      int port = gatehouse.start();
      return new TestGatehouse(gatehouse, config.storage().dir(), clock, port);
    }
  }
}
