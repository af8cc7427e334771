package dev.gatehouse.proxy.monitoring;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.proxy.http.HttpCall;
import dev.gatehouse.proxy.http.HttpReply;
import dev.gatehouse.proxy.http.Route;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@code /metrics}: Prometheus text exposition of Gatehouse's meters — {@code gatehouse_http_requests_total}
 * by route and status, {@code gatehouse_verdicts_total} by decision and rule, {@code
 * gatehouse_upstream_fetch_seconds}, {@code gatehouse_verdict_lookups_total} by cache result — and the JVM's.
 */
public final class MetricsRoute implements Route {
  private final PrometheusMeterRegistry registry;
  private final Executor blocking;

  public MetricsRoute(PrometheusMeterRegistry registry, Executor blocking) {
    this.registry = requireNonNull(registry, "registry");
    this.blocking = requireNonNull(blocking, "blocking");
  }

  @Override
  public CompletableFuture<HttpReply> handle(HttpCall call) {
    return HealthRoute.READ_ONLY.intercept(call, this::scrape);
  }

  private CompletableFuture<HttpReply> scrape(HttpCall call) {
    return CompletableFuture.supplyAsync(() -> new HttpReply.Bytes(HttpResponseStatus.OK,
        "text/plain; version=0.0.4; charset=utf-8", registry.scrape().getBytes(StandardCharsets.UTF_8),
        Map.of("Cache-Control", "no-store"), call.isHead()), blocking);
  }
}
