package dev.gatehouse.proxy.http;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The handler of one path prefix. {@link #handle} is called on the event loop and must return at once:
 * anything that blocks runs on the blocking executor, which {@link #blocking} arranges.
 */
@FunctionalInterface
public interface Route {
  CompletableFuture<HttpReply> handle(HttpCall call);

  /** Blocking work for a route: disk, database, upstream. */
  @FunctionalInterface
  interface BlockingRoute {
    HttpReply handle(HttpCall call) throws IOException;
  }

  /** A route whose whole work runs on {@code executor}, never on the event loop. */
  static Route blocking(Executor executor, BlockingRoute work) {
    return call -> CompletableFuture.supplyAsync(() -> {
      try {
        return work.handle(call);
      } catch (IOException e) {
        throw new CompletionException(e);
      }
    }, executor);
  }
}
