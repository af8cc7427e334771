package dev.gatehouse.core.upstream;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.store.BlobWriter;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches files from upstream registries into staged blob writers, hashing while they stream, and never keeps a
 * partial body: a body cut short, larger than its limit, or silent for longer than the read timeout is a
 * {@link UpstreamResponse.Failed} and its staged bytes are gone.
 *
 * <p>Only safe failures are retried, at most {@code upstreams.retries} times: connection errors (nothing was
 * sent) and 5xx answers (the server said it failed). Timeouts and cut bodies are not retried: the client
 * waiting behind this fetch has already waited a read timeout. Thread-safe; {@link #fetch} blocks.
 */
public final class UpstreamClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UpstreamClient.class);

  /** Where bodies are staged: a writer of the blob store, so that a verified body is committed without a copy. */
  @FunctionalInterface
  public interface Staging {
    BlobWriter writer() throws IOException;
  }

  /** A size bound and the config key that sets it, for the sentence when it is hit. */
  public record SizeLimit(long maxBytes, String key) {
    public SizeLimit {
      requireNonNull(key, "key");
      if (maxBytes <= 0) {
        throw new IllegalArgumentException(key + " must be positive, was " + maxBytes);
      }
    }
  }

  private final HttpClient http;
  private final ExecutorService executor;
  private final Staging staging;
  private final Duration readTimeout;
  private final Duration downloadTimeout;
  private final int retries;

  /**
   * @param readTimeout the longest silence while a response is read ({@code upstreams.readTimeout})
   * @param downloadTimeout the longest one download may take in all ({@code upstreams.downloadTimeout})
   */
  public UpstreamClient(Duration connectTimeout, Duration readTimeout, Duration downloadTimeout, int retries,
      Staging staging, ExecutorService executor) {
    this.readTimeout = requireNonNull(readTimeout, "readTimeout");
    this.downloadTimeout = requireNonNull(downloadTimeout, "downloadTimeout");
    this.staging = requireNonNull(staging, "staging");
    this.executor = requireNonNull(executor, "executor");
    if (retries < 0) {
      throw new IllegalArgumentException("upstreams.retries must be 0 or more, was " + retries);
    }
    this.retries = retries;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(requireNonNull(connectTimeout, "connectTimeout"))
        // Never follow a redirect: the hosts Gatehouse may reach are the configured upstreams (PyPI's file
        // hosts in particular), and a redirect from one of them must not lead it anywhere else.
        .followRedirects(HttpClient.Redirect.NEVER)
        .executor(executor)
        .build();
  }

  /** Fetches {@code uri} into a temp file, with up to {@code upstreams.retries} more tries after safe failures. */
  public UpstreamResponse fetch(URI uri, SizeLimit limit) throws IOException {
    return fetch(uri, limit, Map.of());
  }

  /**
   * Fetches {@code uri} as {@link #fetch(URI, SizeLimit)} does, sending {@code headers} too: the {@code Accept}
   * of a PEP 691 index, which answers JSON or HTML by content negotiation.
   */
  public UpstreamResponse fetch(URI uri, SizeLimit limit, Map<String, String> headers) throws IOException {
    requireNonNull(headers, "headers");
    UpstreamResponse last = null;
    for (int attempt = 0; attempt <= retries; attempt++) {
      Attempt outcome = once(uri, limit, headers);
      last = outcome.response;
      if (!outcome.retryable) {
        return last;
      }
      log.debug("upstream {} failed (attempt {} of {}): {}", uri, attempt + 1, retries + 1,
          ((UpstreamResponse.Failed) last).sentence());
    }
    return last;
  }

  /**
   * Posts {@code body} to {@code uri} and keeps a 200 answer's body staged, as {@link #fetch} does. Tried
   * once: a POST need not be idempotent. For APIs passed through to the upstream, such as npm's audit.
   *
   * @param headers request headers such as {@code Content-Type} and {@code Content-Encoding}
   */
  public UpstreamResponse post(URI uri, byte[] body, Map<String, String> headers, SizeLimit limit) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return once(request, limit).response;
  }

  private record Attempt(UpstreamResponse response, boolean retryable) {}

  private Attempt once(URI uri, SizeLimit limit, Map<String, String> headers) throws IOException {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).GET();
    headers.forEach(builder::header);
    return once(builder, limit);
  }

  private Attempt once(HttpRequest.Builder builder, SizeLimit limit) throws IOException {
    BlobWriter temp = staging.writer();
    FileSink sink = new FileSink(temp, limit);
    HttpRequest request = builder
        .timeout(readTimeout) // until the response headers arrive; FileSink's progress covers the body
        .header("User-Agent", "Gatehouse")
        .build();
    URI uri = request.uri();
    CompletableFuture<HttpResponse<Boolean>> call = http.sendAsync(request, sink);
    try {
      HttpResponse<Boolean> response = await(call, sink);
      int status = response.statusCode();
      if (status == 200 && Boolean.TRUE.equals(response.body())) {
        long expected = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (expected >= 0 && expected != sink.received()) {
          return failed(temp, uri, "%s sent %d of %d bytes".formatted(uri, sink.received(), expected), false, false);
        }
        Optional<Instant> modified = response.headers().firstValue("Last-Modified").flatMap(UpstreamClient::httpDate);
        return new Attempt(new UpstreamResponse.Found(
            new Download(uri, temp, sink.received(), sink.digests(), modified)), false);
      }
      temp.discard();
      if (status == 404 || status == 410) {
        return new Attempt(new UpstreamResponse.NotFound(uri), false);
      }
      if (status >= 300 && status < 400) {
        String target = response.headers().firstValue("Location").orElse("nowhere");
        return new Attempt(new UpstreamResponse.Failed(uri,
            "%s answered HTTP %d to %s; Gatehouse follows no redirects, so configure the upstream URL it leads to"
                .formatted(uri, status, target), false), false);
      }
      return new Attempt(new UpstreamResponse.Failed(uri, "%s answered HTTP %d".formatted(uri, status), false),
          status >= 500);
    } catch (StalledException e) {
      call.cancel(true);
      sink.cancel();
      return failed(temp, uri, e.overall
          ? "%s did not finish within %d s (upstreams.downloadTimeout); %d bytes had arrived"
              .formatted(uri, downloadTimeout.toSeconds(), sink.received())
          : "%s sent nothing for %d s (upstreams.readTimeout)".formatted(uri, readTimeout.toSeconds()), true, false);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (has(cause, FileSink.TooLargeException.class)) {
        return failed(temp, uri, "%s is larger than %d bytes (%s)".formatted(uri, limit.maxBytes(), limit.key()),
            false, false);
      }
      if (has(cause, HttpConnectTimeoutException.class)) {
        return failed(temp, uri, "connecting to %s timed out (upstreams.connectTimeout)".formatted(host(uri)), true, true);
      }
      if (has(cause, HttpTimeoutException.class)) {
        return failed(temp, uri, "%s did not answer within %d s (upstreams.readTimeout)"
            .formatted(uri, readTimeout.toSeconds()), true, false);
      }
      if (has(cause, ConnectException.class)) {
        return failed(temp, uri, "cannot connect to %s".formatted(host(uri)), false, true);
      }
      if (cause instanceof IOException && sink.failure() instanceof IOException own) {
        throw own; // our disk, not the upstream: an error of Gatehouse
      }
      return failed(temp, uri, "%s broke off the transfer after %d bytes (%s)"
          .formatted(uri, sink.received(), describe(cause)), false, false);
    } catch (InterruptedException e) {
      call.cancel(true);
      sink.cancel();
      temp.discard();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching " + uri, e);
    } catch (RuntimeException | Error e) {
      temp.discard();
      throw e;
    }
  }

  /**
   * Waits for the call while bytes keep arriving; gives up after a read timeout of silence, and in any case once
   * the download timeout has passed: an upstream that trickles a byte just inside the read timeout would otherwise
   * hold the request, a thread and a staged file for as long as it likes.
   */
  private HttpResponse<Boolean> await(CompletableFuture<HttpResponse<Boolean>> call, FileSink sink)
      throws ExecutionException, InterruptedException, StalledException {
    long timeoutNanos = readTimeout.toNanos();
    long deadline = System.nanoTime() + downloadTimeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new StalledException(true);
      }
      try {
        return call.get(Math.min(timeoutNanos, left), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        if (System.nanoTime() - sink.lastProgressNanos() >= timeoutNanos) {
          throw new StalledException(false);
        }
      }
    }
  }

  private static Attempt failed(BlobWriter temp, URI uri, String sentence, boolean timedOut, boolean retryable)
      throws IOException {
    temp.discard();
    return new Attempt(new UpstreamResponse.Failed(uri, sentence, timedOut), retryable);
  }

  private static boolean has(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String host(URI uri) {
    return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return message == null || message.isBlank() ? "connection closed" : message;
  }

  private static Optional<Instant> httpDate(String value) {
    try {
      return Optional.of(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The download stopped: silent for the read timeout, or {@code overall}, past the download timeout. */
  private static final class StalledException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean overall;

    StalledException(boolean overall) {
      this.overall = overall;
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
