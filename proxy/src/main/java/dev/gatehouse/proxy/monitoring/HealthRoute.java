package dev.gatehouse.proxy.monitoring;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.store.BlobStore;
import dev.gatehouse.core.store.Database;
import dev.gatehouse.proxy.http.HttpCall;
import dev.gatehouse.proxy.http.HttpReply;
import dev.gatehouse.proxy.http.Interceptor;
import dev.gatehouse.proxy.http.Route;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /health}: 200 when the database answers and the blob store can be written, 503 otherwise, with a
 * JSON body saying which. No token: load balancers and the Docker {@code HEALTHCHECK} call it.
 */
public final class HealthRoute implements Route {
  /** What a monitoring route serves; anything else is a 405 with an {@code Allow} header. */
  static final Interceptor READ_ONLY = Interceptor.methods(Set.of(HttpMethod.GET, HttpMethod.HEAD),
      (call, problem) -> problem);

  private static final Logger log = LoggerFactory.getLogger(HealthRoute.class);

  private final Database db;
  private final BlobStore blobs;
  private final Route work;

  public HealthRoute(Database db, BlobStore blobs, Executor blocking) {
    this.db = requireNonNull(db, "db");
    this.blobs = requireNonNull(blobs, "blobs");
    this.work = Interceptor.chain(Route.blocking(blocking, this::check), READ_ONLY);
  }

  @Override
  public CompletableFuture<HttpReply> handle(HttpCall call) {
    return work.handle(call);
  }

  private HttpReply check(HttpCall call) {
    boolean database = databaseAnswers();
    boolean writable = blobStoreWritable();
    boolean ok = database && writable;
    String body = "{\"status\":\"%s\",\"database\":%s,\"blobStoreWritable\":%s}\n"
        .formatted(ok ? "ok" : "failing", database, writable);
    return new HttpReply.Bytes(ok ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
        "application/json; charset=utf-8", body.getBytes(StandardCharsets.UTF_8),
        java.util.Map.of("Cache-Control", "no-store"), call.isHead());
  }

  private boolean databaseAnswers() {
    try {
      return db.read("check health", connection -> {
        try (Statement s = connection.createStatement()) {
          return s.execute("SELECT 1");
        }
      });
    } catch (IOException e) {
      log.warn("health: the database does not answer: {}", e.getMessage());
      return false;
    }
  }

  private boolean blobStoreWritable() {
    try {
      blobs.writer().discard();
      return true;
    } catch (IOException e) {
      log.warn("health: the blob store cannot be written: {}", e.getMessage());
      return false;
    }
  }
}
