package dev.gatehouse.proxy.registry;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.proxy.http.HttpCall;
import dev.gatehouse.proxy.http.HttpReply;
import dev.gatehouse.proxy.http.Interceptor;
import dev.gatehouse.proxy.http.Route;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The one route shell of every registry: the hop to the blocking executor (every branch records an audit event, and
 * the audit log pushes back when it falls behind, which must never stall an event loop), the method guard, then the
 * registry's handler for the kind of request its path is. Exceptions become problems after the chain, in the request
 * handler.
 */
public final class RegistryRoute<P> implements Route {
  private final Registry<P> registry;
  private final Route chain;

  public RegistryRoute(Registry<P> registry, Executor blocking) {
    this.registry = requireNonNull(registry, "registry");
    this.chain = Interceptor.chain(this::dispatch, Interceptor.onBlocking(requireNonNull(blocking, "blocking")),
        Interceptor.methods(registry.methods(), registry::refuse));
  }

  @Override
  public CompletableFuture<HttpReply> handle(HttpCall call) {
    return chain.handle(call);
  }

  /** Runs on the blocking executor, behind the method guard. */
  private CompletableFuture<HttpReply> dispatch(HttpCall call) {
    RegistryRequest<P> request = registry.parse(call);
    if (request instanceof RegistryRequest.Artifact<P> artifact) {
      return registry.artifact(call, artifact);
    }
    return CompletableFuture.completedFuture(Route.unchecked(() -> {
      if (request instanceof RegistryRequest.Document<P> document) {
        return registry.document(call, document);
      }
      if (request instanceof RegistryRequest.PassThrough<P> file) {
        return registry.passThrough(call, file);
      }
      if (request instanceof RegistryRequest.Special<P> special) {
        return registry.special(call, special);
      }
      return registry.invalid(call, (RegistryRequest.Invalid<P>) request);
    }));
  }
}
