package dev.gatehouse.core.upstream;

import dev.gatehouse.core.store.BlobWriter;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Streams a 200 body into a blob writer while hashing it and counting bytes against a limit; other statuses are
 * discarded. The body's value is {@code true} when a 200 body was written. Called by the HTTP client's
 * threads, one signal at a time (Reactive Streams rule 1.3); {@link #lastProgressNanos()} and
 * {@link #received()} are read by the waiting thread.
 */
final class FileSink implements HttpResponse.BodyHandler<Boolean> {
  private final BlobWriter file;
  private final UpstreamClient.SizeLimit limit;
  private final Digests.Hasher hasher = new Digests.Hasher();
  private volatile long lastProgressNanos = System.nanoTime();
  private volatile long received;
  private volatile Throwable failure;
  private volatile Flow.Subscription subscription;

  FileSink(BlobWriter file, UpstreamClient.SizeLimit limit) {
    this.file = file;
    this.limit = limit;
  }

  long lastProgressNanos() {
    return lastProgressNanos;
  }

  long received() {
    return received;
  }

  Throwable failure() {
    return failure;
  }

  /** Only valid once the body completed. */
  Digests digests() {
    return hasher.digests();
  }

  void cancel() {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
  }

  @Override
  public HttpResponse.BodySubscriber<Boolean> apply(HttpResponse.ResponseInfo info) {
    lastProgressNanos = System.nanoTime();
    if (info.statusCode() != 200) {
      return HttpResponse.BodySubscribers.replacing(Boolean.FALSE);
    }
    long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (declared > limit.maxBytes()) {
      // Refuse before reading a byte: the header already says the body is over the limit.
      HttpResponse.BodySubscriber<Boolean> refuse = new Writer();
      ((Writer) refuse).result.completeExceptionally(new TooLargeException());
      return refuse;
    }
    return new Writer();
  }

  /** The body is over its limit; the transfer was cancelled. */
  static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;
  }

  private final class Writer implements HttpResponse.BodySubscriber<Boolean> {
    private final CompletableFuture<Boolean> result = new CompletableFuture<>();
    private BlobWriter out;

    @Override
    public CompletionStage<Boolean> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (result.isDone()) {
        s.cancel();
        return;
      }
      out = file;
      s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      try {
        for (ByteBuffer item : items) {
          long total = received + item.remaining();
          if (total > limit.maxBytes()) {
            subscription.cancel();
            close();
            result.completeExceptionally(new TooLargeException());
            return;
          }
          hasher.update(item);
          while (item.hasRemaining()) {
            out.write(item);
          }
          received = total;
        }
      } catch (IOException e) {
        failure = e;
        subscription.cancel();
        close();
        result.completeExceptionally(e);
        return;
      }
      lastProgressNanos = System.nanoTime();
      subscription.request(1);
    }

    @Override
    public void onError(Throwable error) {
      close();
      result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      try {
        if (out != null) {
          out.close(); // forces the bytes to the disk and finishes the writer's own digest
        }
      } catch (IOException e) {
        failure = e;
        result.completeExceptionally(e);
        return;
      }
      result.complete(Boolean.TRUE);
    }

    private void close() {
      try {
        if (out != null) {
          out.close();
        }
      } catch (IOException ignored) {
        // the writer is discarded by the caller whenever the body did not complete
      }
    }
  }
}
