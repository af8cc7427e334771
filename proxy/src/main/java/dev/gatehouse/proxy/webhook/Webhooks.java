package dev.gatehouse.proxy.webhook;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.config.WebhookConfig;
import dev.gatehouse.core.gate.DecisionListener;
import dev.gatehouse.core.quarantine.QuarantineEntry;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts decisions to the configured {@code webhooks} without ever slowing the request that decided: {@link
 * #decided} and {@link #reviewed} only put a delivery in a bounded queue and return. Threads of their own send it;
 * a delivery that fails (a connection error, a timeout, a status other than 2xx) is tried again after 1 s, 2 s, 4 s
 * and 8 s, so {@link #MAX_ATTEMPTS} tries at most, and then given up with an error in the log. When the queue is
 * full the oldest waiting delivery is dropped, logged and counted ({@code gatehouse.webhook.deliveries{outcome=
 * dropped}}): a receiver that is down must not hold memory without bound. Deliveries are at most once per attempt
 * and may arrive out of order; each carries {@code X-Gatehouse-Delivery}, the same on every try, so a receiver can
 * drop repeats. Thread-safe.
 */
public final class Webhooks implements DecisionListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Webhooks.class);
  /** Deliveries waiting at most, across all webhooks. */
  static final int MAX_QUEUED = 1000;
  /** Tries of one delivery at most. */
  static final int MAX_ATTEMPTS = 5;
  /** The wait before the first retry; it doubles with each one, up to {@link #MAX_BACKOFF}. */
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  /** How long one try may take, connecting and waiting for the answer included. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  /** Threads sending at once: a receiver that never answers holds one for {@link #TIMEOUT}. */
  static final int SENDERS = 2;

  private final List<WebhookConfig> hooks;
  private final Clock clock;
  private final MeterRegistry meters;
  private final ObjectMapper mapper = new ObjectMapper();
  private final ArrayDeque<Delivery> queue = new ArrayDeque<>();
  private final ExecutorService senders;
  private final ScheduledExecutorService retries;
  private final HttpClient http;
  private boolean closed;

  /** One body on its way to one webhook. */
  private record Delivery(WebhookConfig hook, String id, String event, byte[] body, int attempt) {
    Delivery next() {
      return new Delivery(hook, id, event, body, attempt + 1);
    }
  }

  public Webhooks(List<WebhookConfig> hooks, MeterRegistry meters, Clock clock) {
    this.hooks = List.copyOf(hooks);
    this.meters = requireNonNull(meters, "meters");
    this.clock = requireNonNull(clock, "clock");
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER)
        .executor(Executors.newCachedThreadPool(new DefaultThreadFactory("gatehouse-webhook-io", true))).build();
    this.senders = Executors.newFixedThreadPool(SENDERS, new DefaultThreadFactory("gatehouse-webhook", true));
    this.retries = Executors.newSingleThreadScheduledExecutor(
        new DefaultThreadFactory("gatehouse-webhook-retry", true));
    for (int i = 0; i < SENDERS; i++) {
      senders.execute(this::send);
    }
  }

  @Override
  public void decided(Decided decision) {
    WebhookEvent.of(decision, clock.instant()).ifPresent(this::post);
  }

  @Override
  public void reviewed(QuarantineEntry entry) {
    WebhookEvent.of(entry).ifPresent(this::post);
  }

  private void post(WebhookEvent event) {
    byte[] body = null;
    for (WebhookConfig hook : hooks) {
      if (hook.events().contains(event.event())) {
        body = body != null ? body : event.body(mapper);
        enqueue(new Delivery(hook, UUID.randomUUID().toString(), event.event().key(), body, 1));
      }
    }
  }

  private void enqueue(Delivery delivery) {
    Delivery dropped = null;
    synchronized (queue) {
      if (closed) {
        return;
      }
      if (queue.size() >= MAX_QUEUED) {
        dropped = queue.pollFirst();
      }
      queue.addLast(delivery);
      queue.notifyAll();
    }
    if (dropped != null) {
      count("dropped");
      log.warn("webhook queue full ({} deliveries): dropped the oldest, a {} event for {}", MAX_QUEUED,
          dropped.event(), dropped.hook().url());
    }
  }

  /** A sender's loop: take the oldest delivery, try it, schedule its retry when it fails. */
  private void send() {
    while (true) {
      Delivery delivery;
      synchronized (queue) {
        while (queue.isEmpty() && !closed) {
          try {
            queue.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) {
          return;
        }
        delivery = queue.pollFirst();
      }
      Optional<String> failure = attempt(delivery);
      if (failure.isEmpty()) {
        count("delivered");
      } else if (delivery.attempt() < MAX_ATTEMPTS) {
        count("retried");
        Duration wait = backoff(delivery.attempt());
        log.info("webhook {} failed ({}), try {} of {} in {}", delivery.hook().url(), failure.get(),
            delivery.attempt() + 1, MAX_ATTEMPTS, wait);
        try {
          retries.schedule(() -> enqueue(delivery.next()), wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
          return;
        }
      } else {
        count("failed");
        log.error("webhook {} failed {} times, giving up the {} event: {}", delivery.hook().url(), MAX_ATTEMPTS,
            delivery.event(), failure.get());
      }
    }
  }

  /** One try; empty when the receiver answered 2xx, else what went wrong. */
  private Optional<String> attempt(Delivery delivery) {
    HttpRequest.Builder request = HttpRequest.newBuilder(delivery.hook().url())
        .timeout(TIMEOUT)
        .header("Content-Type", "application/json")
        .header("User-Agent", "Gatehouse-Webhook")
        .header("X-Gatehouse-Event", delivery.event())
        .header("X-Gatehouse-Delivery", delivery.id())
        .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
    delivery.hook().secret().ifPresent(secret -> request.header(SIGNATURE, signature(secret, delivery.body())));
    try {
      HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
      int status = response.statusCode();
      return status >= 200 && status < 300 ? Optional.empty() : Optional.of("answered " + status);
    } catch (IOException e) {
      return Optional.of(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }

  /** The header that carries the body's HMAC-SHA256 under the webhook's secret, as {@code sha256=<hex>}. */
  public static final String SIGNATURE = "X-Gatehouse-Signature";

  /** {@code sha256=} and the hex HMAC-SHA256 of {@code body} under {@code secret}, as in {@link #SIGNATURE}. */
  public static String signature(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM provides HmacSHA256", e);
    }
  }

  static Duration backoff(int attempt) {
    Duration wait = FIRST_BACKOFF.multipliedBy(1L << Math.min(attempt - 1, 20));
    return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
  }

  private void count(String outcome) {
    meters.counter("gatehouse.webhook.deliveries", "outcome", outcome).increment();
  }

  /** Stops sending; deliveries still waiting are logged as lost. */
  @Override
  public void close() {
    int waiting;
    synchronized (queue) {
      closed = true;
      waiting = queue.size();
      queue.clear();
      queue.notifyAll();
    }
    if (waiting > 0) {
      log.warn("stopping with {} webhook deliveries not sent", waiting);
    }
    retries.shutdownNow();
    senders.shutdownNow();
  }
}
