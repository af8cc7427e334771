package dev.gatehouse.proxy.access;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.config.AddressRange;
import dev.gatehouse.core.identity.Identity;
import dev.gatehouse.core.identity.Role;
import dev.gatehouse.core.identity.Tokens;
import dev.gatehouse.proxy.http.HttpCall;
import dev.gatehouse.proxy.http.HttpProblem;
import dev.gatehouse.proxy.http.HttpReply;
import dev.gatehouse.proxy.http.Route;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The one place that decides who a request comes from, in front of every registry and the admin API: the client
 * address ({@code X-Forwarded-For} only from {@code server.trustedProxies}) and the caller its token names. Routes
 * behind it read both from the {@link HttpCall} ({@link HttpCall#client()}, {@link HttpCall#caller()}) and never
 * from a header. A request that carries credentials must carry a valid token, whatever the route: a revoked or
 * mistyped token is a 401, never a silent fall-back to anonymous. Stateless and thread-safe.
 */
public final class Access {
  static final String BASIC_CHALLENGE = "Basic realm=\"gatehouse\"";
  static final String BEARER_CHALLENGE = "Bearer realm=\"gatehouse\"";

  private final Tokens tokens;
  private final boolean anonymousDownloads;
  private final ClientAddress clients;
  private final Executor blocking;

  /**
   * @param anonymousDownloads {@code auth.anonymous}: whether registries serve requests without a token
   * @param blocking where tokens are looked up (the database), never the event loop
   */
  public Access(Tokens tokens, boolean anonymousDownloads, List<AddressRange> trustedProxies, Executor blocking) {
    this.tokens = requireNonNull(tokens, "tokens");
    this.anonymousDownloads = anonymousDownloads;
    this.clients = new ClientAddress(trustedProxies);
    this.blocking = requireNonNull(blocking, "blocking");
  }

  /** A registry ({@code /maven2/}, {@code /npm/}, {@code /pypi/}) behind this: any role may download. */
  public Route registry(Route registry) {
    requireNonNull(registry, "registry");
    return call -> {
      Credentials credentials = Credentials.of(call.header("Authorization"));
      String client = clients.of(call);
      if (credentials instanceof Credentials.None) {
        // Without a token there is nothing to look up: the request stays on its way without a hop.
        return anonymousDownloads ? registry.handle(call.attributed(client, Optional.empty()))
            : done(unauthorized(BASIC_CHALLENGE, "Gatehouse serves downloads only to callers with a token "
                + "(auth.anonymous is false): send a token of any role as the password of Basic credentials "
                + "(pip, uv, Maven, Gradle) or as npm's _authToken"));
      }
      return authenticated(call, credentials, client, BASIC_CHALLENGE, Role.READER, registry);
    };
  }

  /** The admin API behind this: a valid token of at least the role {@code required} names for the call. */
  public Route api(Route api, Function<HttpCall, Role> required) {
    requireNonNull(api, "api");
    requireNonNull(required, "required");
    return call -> {
      Credentials credentials = Credentials.of(call.header("Authorization"));
      if (credentials instanceof Credentials.None) {
        return done(unauthorized(BEARER_CHALLENGE, "the admin API needs the header 'Authorization: Bearer <token>' "
            + "with a token (gatehouse token create) or the admin token (admin.token, GATEHOUSE_ADMIN_TOKEN, or the "
            + "file admin-token in the data directory)"));
      }
      return authenticated(call, credentials, clients.of(call), BEARER_CHALLENGE, required.apply(call), api);
    };
  }

  private CompletableFuture<HttpReply> authenticated(HttpCall call, Credentials credentials, String client,
      String challenge, Role needed, Route next) {
    if (credentials instanceof Credentials.Unreadable unreadable) {
      return done(unauthorized(challenge, unreadable.why() + "; send 'Authorization: Bearer <token>' or Basic "
          + "credentials with the token as the password"));
    }
    String token = ((Credentials.Token) credentials).token();
    return Route.onBlocking(blocking, () -> tokens.authenticate(token)).thenCompose(identity -> {
      if (identity.isEmpty()) {
        return done(unauthorized(challenge, "the token is not valid: it is unknown or has been revoked (send "
            + "'Authorization: Bearer <token>' or Basic credentials with the token as the password, with a token "
            + "from gatehouse token create or the admin token)"));
      }
      Identity caller = identity.get();
      if (!caller.role().includes(needed)) {
        return done(HttpProblem.of(HttpResponseStatus.FORBIDDEN, "this needs the " + needed.key() + " role; the token "
            + caller.name() + " has the " + caller.role().key() + " role"));
      }
      return next.handle(call.attributed(client, identity));
    });
  }

  private static HttpProblem unauthorized(String challenge, String sentence) {
    return HttpProblem.of(HttpResponseStatus.UNAUTHORIZED, sentence).withHeader("WWW-Authenticate", challenge);
  }

  private static CompletableFuture<HttpReply> done(HttpReply reply) {
    return CompletableFuture.completedFuture(reply);
  }
}
