package dev.gatehouse.proxy.pypi;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;

/**
 * A fake upstream on 127.0.0.1 for the tests: a real HTTP server that answers each path with what the test
 * put there (404 otherwise), counts the requests per path and keeps their {@code Accept} headers. Serves
 * an index, its files, or anything a test wants Gatehouse never to reach.
 */
final class FakeIndex implements AutoCloseable {
  private final MockWebServer server = new MockWebServer();
  private final Map<String, Supplier<MockResponse>> responses = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final List<String> accepts = new CopyOnWriteArrayList<>();

  private FakeIndex() {}

  static FakeIndex start() throws IOException {
    FakeIndex index = new FakeIndex();
    index.server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath() == null ? "" : request.getPath();
        index.hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        String accept = request.getHeader("Accept");
        if (accept != null) {
          index.accepts.add(accept);
        }
        Supplier<MockResponse> response = index.responses.get(path);
        return response == null ? new MockResponse().setResponseCode(404) : response.get();
      }
    });
    index.server.start(InetAddress.getByName("127.0.0.1"), 0);
    return index;
  }

  /** {@code 127.0.0.1:port}, as Gatehouse writes this host in file paths. */
  String hostPort() {
    return "127.0.0.1:" + server.getPort();
  }

  String url(String path) {
    return "http://" + hostPort() + path;
  }

  FakeIndex html(String path, String html) {
    return body(path, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
  }

  FakeIndex json(String path, String json) {
    return body(path, "application/vnd.pypi.simple.v1+json", json.getBytes(StandardCharsets.UTF_8));
  }

  FakeIndex body(String path, String contentType, byte[] body) {
    responses.put(path, () -> new MockResponse().setHeader("Content-Type", contentType)
        .setBody(new Buffer().write(body)));
    return this;
  }

  FakeIndex status(String path, int status) {
    responses.put(path, () -> new MockResponse().setResponseCode(status));
    return this;
  }

  int hits(String path) {
    AtomicInteger count = hits.get(path);
    return count == null ? 0 : count.get();
  }

  int requests() {
    return server.getRequestCount();
  }

  List<String> accepts() {
    return List.copyOf(accepts);
  }

  @Override
  public void close() throws IOException {
    server.shutdown();
  }
}
