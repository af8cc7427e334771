package dev.gatehouse.proxy.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;

/**
 * The one fake upstream of the tests: a real HTTP server on 127.0.0.1 (MockWebServer) with a path-keyed
 * dispatcher, so Gatehouse may ask for files in any order. A path answers what the test put there; else the
 * {@link #fallback} a registry fake installs (Maven checksums, npm packuments built on the fly); else 404.
 * Requests are counted by path (percent-decoded, without the query), {@code Accept} headers are kept, and
 * the whole server can {@link #goDown() go down} (503 for everything). Thread-safe.
 */
public final class FakeUpstream implements AutoCloseable {
  private final MockWebServer server = new MockWebServer();
  private final Map<String, Supplier<MockResponse>> responses = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final List<String> accepts = new CopyOnWriteArrayList<>();
  private volatile Function<RecordedRequest, MockResponse> fallback = request -> null;
  private volatile boolean down;

  private FakeUpstream() {}

  /** Starts a fake upstream on a free port of 127.0.0.1. */
  public static FakeUpstream start() throws IOException {
    FakeUpstream upstream = new FakeUpstream();
    upstream.server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return upstream.answer(request);
      }
    });
    upstream.server.start(InetAddress.getByName("127.0.0.1"), 0);
    return upstream;
  }

  /** The path a request is counted and looked up under: percent-decoded, without the query. */
  public static String pathOf(RecordedRequest request) {
    return "/" + String.join("/", request.getRequestUrl().pathSegments());
  }

  private MockResponse answer(RecordedRequest request) {
    String path = pathOf(request);
    hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    String accept = request.getHeader("Accept");
    if (accept != null) {
      accepts.add(accept);
    }
    if (down) {
      return new MockResponse().setResponseCode(503).setBody("upstream maintenance");
    }
    Supplier<MockResponse> response = responses.get(path);
    if (response != null) {
      return response.get();
    }
    MockResponse computed = fallback.apply(request);
    return computed == null ? new MockResponse().setResponseCode(404) : computed;
  }

  /** {@code 127.0.0.1:port}, as Gatehouse writes this host in PyPI file paths. */
  public String hostPort() {
    return "127.0.0.1:" + server.getPort();
  }

  public int port() {
    return server.getPort();
  }

  /** The absolute URL of {@code path}, which starts with {@code /}. */
  public String url(String path) {
    return "http://" + hostPort() + path;
  }

  /** Answers {@code path} with {@code body}. */
  public FakeUpstream body(String path, String contentType, byte[] body) {
    byte[] copy = body.clone();
    responses.put(path, () -> new MockResponse().setHeader("Content-Type", contentType)
        .setBody(new Buffer().write(copy)));
    return this;
  }

  public FakeUpstream text(String path, String contentType, String body) {
    return body(path, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  /** Answers {@code path} with an empty response of {@code status}. */
  public FakeUpstream status(String path, int status) {
    responses.put(path, () -> new MockResponse().setResponseCode(status));
    return this;
  }

  /** Answers {@code path} with whatever {@code response} makes at each request. */
  public FakeUpstream respond(String path, Supplier<MockResponse> response) {
    responses.put(path, response);
    return this;
  }

  /** Answers the paths nothing was put at; a null answer is a 404. */
  public FakeUpstream fallback(Function<RecordedRequest, MockResponse> fallback) {
    this.fallback = fallback;
    return this;
  }

  /** From now on every request is answered 503 (still counted). */
  public void goDown() {
    down = true;
  }

  public void comeBack() {
    down = false;
  }

  /** How many requests reached {@code path} (percent-decoded, without the query). */
  public int hits(String path) {
    AtomicInteger count = hits.get(path);
    return count == null ? 0 : count.get();
  }

  /** How many requests reached the server, whatever their path. */
  public int requests() {
    return server.getRequestCount();
  }

  public List<String> accepts() {
    return List.copyOf(accepts);
  }

  @Override
  public void close() throws IOException {
    server.shutdown();
  }
}
