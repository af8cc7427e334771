package dev.gatehouse.proxy.registry;

import dev.gatehouse.proxy.http.HttpCall;
import dev.gatehouse.proxy.http.HttpProblem;
import dev.gatehouse.proxy.http.HttpReply;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A registry plug-in: it parses its paths into {@link RegistryRequest}s and says what differs for each kind (upstream
 * locations, its documents, its error format, its audit names). What is the same for every registry (the hop off the
 * event loop, the method guard, the dispatch on the kind of request) is the {@link RegistryRoute}'s. Every method
 * but {@link #methods} runs on the blocking executor. A new registry is one package with one of these.
 *
 * @param <P> the registry's parsed path
 */
public interface Registry<P> {

  /** The methods the registry answers; others get 405 through {@link #refuse}. */
  Set<HttpMethod> methods();

  /** The reply (recorded in the audit log) to a call whose method is not in {@link #methods}. */
  HttpReply refuse(HttpCall call, HttpProblem methodNotAllowed);

  /** What the path of {@code call} asks for; never throws for a bad path, which is an {@link RegistryRequest.Invalid}. */
  RegistryRequest<P> parse(HttpCall call);

  /** Lets the gate decide on an artifact and answers; the gate's work may complete on another thread. */
  CompletableFuture<HttpReply> artifact(HttpCall call, RegistryRequest.Artifact<P> request);

  HttpReply document(HttpCall call, RegistryRequest.Document<P> request) throws IOException;

  HttpReply passThrough(HttpCall call, RegistryRequest.PassThrough<P> request) throws IOException;

  HttpReply special(HttpCall call, RegistryRequest.Special<P> request) throws IOException;

  /** The audited reply to a path the registry does not serve. */
  HttpReply invalid(HttpCall call, RegistryRequest.Invalid<P> request);
}
