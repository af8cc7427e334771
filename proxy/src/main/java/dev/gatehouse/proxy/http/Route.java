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
    return call -> onBlocking(executor, () -> work.handle(call));
  }

  /** Work that may block: disk, database, upstream, the audit log's back-pressure. */
  @FunctionalInterface
  interface Blocking<T> {
    T run() throws IOException;
  }

  /** Runs {@code work} on {@code executor}, never on the event loop; an {@link IOException} fails the future. */
  static <T> CompletableFuture<T> onBlocking(Executor executor, Blocking<T> work) {
    return CompletableFuture.supplyAsync(() -> unchecked(work), executor);
  }

  /**
   * Runs {@code work} in a stage already on the blocking executor; an {@link IOException} fails the stage with a
   * {@link CompletionException}, which the request handler unwraps into a problem and a log line.
   */
  static <T> T unchecked(Blocking<T> work) {
    try {
      return work.run();
    } catch (IOException e) {
      throw new CompletionException(e);
    }
  }
}
