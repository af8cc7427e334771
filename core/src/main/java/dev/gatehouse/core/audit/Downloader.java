package dev.gatehouse.core.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One answer to "who downloaded this package version": a user (null when anonymous) at a client address, the
 * version, and when and how often.
 */
public record Downloader(String version, String user, String client, Instant first, Instant last, long count) {
  public Downloader {
    requireNonNull(client, "client");
    requireNonNull(first, "first");
    requireNonNull(last, "last");
  }
}
