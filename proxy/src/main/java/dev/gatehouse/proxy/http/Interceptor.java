package dev.gatehouse.proxy.http;

import static java.util.Objects.requireNonNull;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;

/**
 * One step around a route's work, in the manner of OkHttp's interceptor chain: it answers at once or hands the
 * call to {@code next}. What every registry route needs before its own work is written once here: the hop off
 * the event loop and the method guard. Exceptions become problems in one place after the chain, the request
 * handler; audit stays with each registry, which alone knows the names a reply is about.
 */
@FunctionalInterface
public interface Interceptor {
  CompletableFuture<HttpReply> intercept(HttpCall call, Route next);

  /** {@code last} behind {@code interceptors}, the first of them outermost. */
  static Route chain(Route last, Interceptor... interceptors) {
    requireNonNull(last, "last");
    Route route = last;
    for (int i = interceptors.length - 1; i >= 0; i--) {
      Interceptor interceptor = requireNonNull(interceptors[i], "interceptor");
      Route next = route;
      route = call -> interceptor.intercept(call, next);
    }
    return route;
  }

  /**
   * Runs the rest of the chain on {@code executor}: what follows may block (parsing is cheap, but audit records
   * wait once the audit queue is full, and look-ups reach the database), and the event loop never does.
   */
  static Interceptor onBlocking(Executor executor) {
    requireNonNull(executor, "executor");
    return (call, next) -> CompletableFuture.supplyAsync(() -> next.handle(call), executor)
        .thenCompose(reply -> reply);
  }

  /**
   * Answers a method not in {@code allowed} with 405 and an {@code Allow} header, through {@code refuse} (which
   * records it as the registry records every request).
   */
  static Interceptor methods(Set<HttpMethod> allowed, BiFunction<HttpCall, HttpProblem, HttpReply> refuse) {
    Set<HttpMethod> methods = Set.copyOf(allowed);
    String header = String.join(", ", methods.stream().map(HttpMethod::name).sorted().toList());
    return (call, next) -> methods.contains(call.method()) ? next.handle(call)
        : CompletableFuture.completedFuture(refuse.apply(call, HttpProblem.methodNotAllowed(call.method().name(),
            header)));
  }
}
