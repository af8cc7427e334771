package dev.gatehouse.proxy.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.http.HttpCall;
import dev.gatehouse.proxy.http.HttpProblem;
import dev.gatehouse.proxy.http.HttpReply;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The generic route with a registry plug-in of the test's own, as a fourth registry would be written: it only parses
 * paths into the sealed request type and answers each kind.
 */
class RegistryRouteTest {
  private final ExecutorService blocking = Executors.newFixedThreadPool(2,
      new DefaultThreadFactory("test-blocking", true));
  private final TinyRegistry registry = new TinyRegistry();
  private final RegistryRoute<String> route = new RegistryRoute<>(registry, blocking);

  @AfterEach
  void stop() {
    blocking.shutdownNow();
  }

  @Test
  void eachKindOfRequestReachesItsHandlerOnTheBlockingExecutor() {
    for (String kind : List.of("artifact", "document", "file", "ping", "nonsense")) {
      HttpReply reply = route.handle(call(HttpMethod.GET, "/tiny/" + kind)).join();

      assertThat(new String(((HttpReply.Bytes) reply).body(), StandardCharsets.UTF_8))
          .isEqualTo(kind.equals("nonsense") ? "invalid: no such thing as nonsense" : kind);
    }
    assertThat(registry.threads).hasSize(5).allMatch(name -> name.startsWith("test-blocking"));
  }

  @Test
  void aMethodTheRegistryDoesNotAnswerIsRefusedBeforeItsPathIsRead() {
    HttpReply reply = route.handle(call(HttpMethod.DELETE, "/tiny/artifact")).join();

    assertThat(reply.status()).isEqualTo(HttpResponseStatus.METHOD_NOT_ALLOWED);
    assertThat(reply.headers()).containsEntry("Allow", "GET, HEAD");
    assertThat(registry.threads).containsExactly("refused on " + registry.threadsOfRefusals.get(0));
    assertThat(registry.threadsOfRefusals.get(0)).startsWith("test-blocking");
  }

  private static HttpCall call(HttpMethod method, String path) {
    return new HttpCall("req-1", method, path, Map.of(), Map.of(), new byte[0], "127.0.0.1", Optional.empty());
  }

  /** Paths are {@code /tiny/KIND}; every handler answers with the name of its kind. */
  private static final class TinyRegistry implements Registry<String> {
    final List<String> threads = new CopyOnWriteArrayList<>();
    final List<String> threadsOfRefusals = new CopyOnWriteArrayList<>();

    @Override
    public Set<HttpMethod> methods() {
      return Set.of(HttpMethod.GET, HttpMethod.HEAD);
    }

    @Override
    public HttpReply refuse(HttpCall call, HttpProblem methodNotAllowed) {
      String thread = Thread.currentThread().getName();
      threadsOfRefusals.add(thread);
      threads.add("refused on " + thread);
      return methodNotAllowed;
    }

    @Override
    public RegistryRequest<String> parse(HttpCall call) {
      String kind = call.rawPath().substring("/tiny/".length());
      return switch (kind) {
        case "artifact" -> new RegistryRequest.Artifact<>(kind);
        case "document" -> new RegistryRequest.Document<>(kind);
        case "file" -> new RegistryRequest.PassThrough<>(kind);
        case "ping" -> new RegistryRequest.Special<>(kind);
        default -> new RegistryRequest.Invalid<>(Optional.of(kind), HttpProblem.notFound("no such thing as " + kind));
      };
    }

    @Override
    public CompletableFuture<HttpReply> artifact(HttpCall call, RegistryRequest.Artifact<String> request) {
      return CompletableFuture.completedFuture(answer(request.path()));
    }

    @Override
    public HttpReply document(HttpCall call, RegistryRequest.Document<String> request) {
      return answer(request.path());
    }

    @Override
    public HttpReply passThrough(HttpCall call, RegistryRequest.PassThrough<String> request) {
      return answer(request.path());
    }

    @Override
    public HttpReply special(HttpCall call, RegistryRequest.Special<String> request) {
      return answer(request.path());
    }

    @Override
    public HttpReply invalid(HttpCall call, RegistryRequest.Invalid<String> request) {
      return answer("invalid: " + request.problem().sentence());
    }

    private HttpReply answer(String text) {
      threads.add(Thread.currentThread().getName());
      return HttpReply.Bytes.of(HttpResponseStatus.OK, "text/plain", text.getBytes(StandardCharsets.UTF_8));
    }
  }
}
