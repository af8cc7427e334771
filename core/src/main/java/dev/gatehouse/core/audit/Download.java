package dev.gatehouse.core.audit;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.policy.Ecosystem;
import java.time.Instant;

/** One answer to "what did this host download": a package version, and when and how often. */
public record Download(Ecosystem ecosystem, String name, String version, Instant first, Instant last, long count) {
  public Download {
    requireNonNull(ecosystem, "ecosystem");
    requireNonNull(first, "first");
    requireNonNull(last, "last");
  }
}
