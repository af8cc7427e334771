package dev.gatehouse.proxy.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;

/**
 * A Maven repository on 127.0.0.1 for the tests: files put by the test, each with a {@code .sha1} computed on
 * the fly, optionally falling back to a local Maven repository folder (the machine's {@code ~/.m2/repository},
 * for the plugins a real {@code mvn} needs). Counts requests per path, so a test can prove a second fetch
 * stayed inside Gatehouse.
 */
final class FakeMavenRepository implements AutoCloseable {
  private final MockWebServer server = new MockWebServer();
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Map<String, Supplier<MockResponse>> special = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private volatile Path fallback;

  FakeMavenRepository() throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getRequestUrl().encodedPath();
        requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        return respond(path);
      }
    });
    server.start();
  }

  /** The repository's base URL, ending in {@code /maven2/}. */
  URI url() {
    return server.url("/maven2/").uri();
  }

  int port() {
    return server.getPort();
  }

  FakeMavenRepository put(String path, byte[] bytes) {
    files.put("/maven2/" + path, bytes);
    return this;
  }

  FakeMavenRepository put(String path, Path file) throws IOException {
    return put(path, Files.readAllBytes(file));
  }

  /** Answers {@code path} with whatever {@code response} makes, instead of a stored file. */
  FakeMavenRepository respond(String path, Supplier<MockResponse> response) {
    special.put("/maven2/" + path, response);
    return this;
  }

  FakeMavenRepository fallbackTo(Path localRepository) {
    this.fallback = localRepository;
    return this;
  }

  int requests(String path) {
    AtomicInteger n = requests.get("/maven2/" + path);
    return n == null ? 0 : n.get();
  }

  int totalRequests() {
    return server.getRequestCount();
  }

  private MockResponse respond(String path) {
    Supplier<MockResponse> custom = special.get(path);
    if (custom != null) {
      return custom.get();
    }
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
    return new MockResponse().setResponseCode(404);
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

  void shutdown() throws IOException {
    server.shutdown();
  }

  @Override
  public void close() throws IOException {
    server.shutdown();
  }
}
