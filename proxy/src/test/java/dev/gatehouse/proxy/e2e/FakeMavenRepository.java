package dev.gatehouse.proxy.e2e;

import dev.gatehouse.proxy.testing.FakeUpstream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import okhttp3.mockwebserver.MockResponse;
import okio.Buffer;

/**
 * A Maven repository on a {@link FakeUpstream} for the tests: files put by the test, each with a {@code .sha1}
 * computed on the fly, optionally falling back to a local Maven repository folder (the machine's {@code
 * ~/.m2/repository}, for the plugins a real {@code mvn} needs). Counts requests per path, so a test can prove a
 * second fetch stayed inside Gatehouse.
 */
final class FakeMavenRepository implements AutoCloseable {
  /** How Maven writes {@code versioning/lastUpdated}. */
  private static final DateTimeFormatter LAST_UPDATED =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

  private final FakeUpstream server;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private volatile Path fallback;

  FakeMavenRepository() throws IOException {
    server = FakeUpstream.start().fallback(request -> respond(FakeUpstream.pathOf(request)));
  }

  /** The repository's base URL, ending in {@code /maven2/}. */
  URI url() {
    return URI.create(server.url("/maven2/"));
  }

  int port() {
    return server.port();
  }

  FakeMavenRepository put(String path, byte[] bytes) {
    files.put("/maven2/" + path, bytes);
    return this;
  }

  FakeMavenRepository put(String path, Path file) throws IOException {
    return put(path, Files.readAllBytes(file));
  }

  /**
   * Publishes {@code maven-metadata.xml} of {@code groupId:artifactId} listing {@code versions} (oldest first), the
   * last named {@code latest} and {@code release}, last deployed at {@code lastUpdated}.
   *
   * @return the document's bytes
   */
  byte[] putMetadata(String groupId, String artifactId, Instant lastUpdated, String... versions) {
    StringBuilder listed = new StringBuilder();
    for (String v : versions) {
      listed.append("      <version>").append(v).append("</version>\n");
    }
    String newest = versions[versions.length - 1];
    byte[] xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <metadata>
          <groupId>%s</groupId>
          <artifactId>%s</artifactId>
          <versioning>
            <latest>%s</latest>
            <release>%s</release>
            <versions>
        %s    </versions>
            <lastUpdated>%s</lastUpdated>
          </versioning>
        </metadata>
        """.formatted(groupId, artifactId, newest, newest, listed, LAST_UPDATED.format(lastUpdated))
        .getBytes(StandardCharsets.UTF_8);
    put(groupId.replace('.', '/') + "/" + artifactId + "/maven-metadata.xml", xml);
    return xml;
  }

  /** Answers {@code path} with whatever {@code response} makes, instead of a stored file. */
  FakeMavenRepository respond(String path, Supplier<MockResponse> response) {
    server.respond("/maven2/" + path, response);
    return this;
  }

  FakeMavenRepository fallbackTo(Path localRepository) {
    this.fallback = localRepository;
    return this;
  }

  /** The upstream answers 503 to everything from now on. */
  void goDown() {
    server.goDown();
  }

  int requests(String path) {
    return server.hits("/maven2/" + path);
  }

  int totalRequests() {
    return server.requests();
  }

  private MockResponse respond(String path) {
    Optional<byte[]> body = file(path);
    if (body.isPresent()) {
      return new MockResponse().setBody(new Buffer().write(body.get()));
    }
    if (path.endsWith(".sha1")) {
      Optional<byte[]> subject = file(path.substring(0, path.length() - 5));
      if (subject.isPresent()) {
        return new MockResponse().setBody(sha1(subject.get()));
      }
    }
    return null;
  }

  private Optional<byte[]> file(String path) {
    byte[] stored = files.get(path);
    if (stored != null) {
      return Optional.of(stored);
    }
    Path local = fallback;
    if (local != null && path.startsWith("/maven2/") && !path.contains("..")) {
      Path candidate = local.resolve(path.substring("/maven2/".length()));
      if (candidate.normalize().startsWith(local) && Files.isRegularFile(candidate)
          && !candidate.getFileName().toString().equals("maven-metadata-local.xml")) {
        try {
          return Optional.of(Files.readAllBytes(candidate));
        } catch (IOException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  static String sha1(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops answering: connections are refused from now on. */
  void shutdown() throws IOException {
    server.close();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
