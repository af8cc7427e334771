package dev.gatehouse.proxy.npm;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.upstream.Download;
import dev.gatehouse.core.upstream.UpstreamClient;
import dev.gatehouse.core.upstream.UpstreamResponse;
import dev.gatehouse.proxy.http.HttpCall;
import dev.gatehouse.proxy.http.HttpReply;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code npm audit}'s endpoints, passed to the upstream registry as they are: the request body (gzip-encoded
 * JSON, as npm sends it) within {@code server.maxRequestBodyBytes}, which the HTTP server enforces, and the
 * answer within {@code limits.maxMetadataBytes}, sent from a temp file. Only the body's type and encoding go
 * upstream; the client's credentials for Gatehouse never do. Thread-safe; blocking.
 */
final class AdvisoryPassThrough {
  private final URI registry;
  private final UpstreamClient upstream;
  private final UpstreamClient.SizeLimit limit;
  private final NpmErrors errors;

  AdvisoryPassThrough(URI registry, UpstreamClient upstream, long maxMetadataBytes, NpmErrors errors) {
    this.registry = requireNonNull(registry, "registry");
    this.upstream = requireNonNull(upstream, "upstream");
    this.limit = new UpstreamClient.SizeLimit(maxMetadataBytes, "limits.maxMetadataBytes");
    this.errors = requireNonNull(errors, "errors");
  }

  /** Posts the call's body to {@code path} (relative to the registry URL) and answers what the upstream said. */
  HttpReply post(HttpCall call, String path) throws IOException {
    Map<String, String> headers = new TreeMap<>();
    headers.put("Content-Type", call.header("Content-Type").orElse("application/json"));
    call.header("Content-Encoding").ifPresent(encoding -> headers.put("Content-Encoding", encoding));
    UpstreamResponse response = upstream.post(registry.resolve(path), call.body(), headers, limit);
    if (response instanceof UpstreamResponse.Found found) {
      Download download = found.download();
      try {
        FileChannel channel = FileChannel.open(download.file(), StandardOpenOption.READ);
        return new HttpReply.FileBody(HttpResponseStatus.OK, "application/json", channel, download.size(), Map.of());
      } finally {
        download.discard(); // the open channel still reads it
      }
    }
    if (response instanceof UpstreamResponse.Failed failed) {
      return errors.upstreamFailed(call, "the upstream registry's audit service failed: " + failed.sentence(),
          failed.timedOut());
    }
    return errors.notFound(call, "the upstream registry offers no " + path);
  }
}
