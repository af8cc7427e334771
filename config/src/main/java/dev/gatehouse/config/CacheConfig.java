package dev.gatehouse.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * {@code cache.*}: how long metadata stays fresh and how much is kept in memory. Zero turns a cache off.
 *
 * @param metadataTtl {@code cache.metadataTtl}: packuments, index pages and maven-metadata.xml
 * @param notFoundTtl {@code cache.notFoundTtl}: how long an upstream 404 is remembered
 * @param verdictCacheSize {@code cache.verdictCacheSize}: verdicts kept in memory in front of the database
 */
public record CacheConfig(Duration metadataTtl, Duration notFoundTtl, long verdictCacheSize) {
  public CacheConfig {
    requireNonNull(metadataTtl, "metadataTtl");
    requireNonNull(notFoundTtl, "notFoundTtl");
    if (metadataTtl.isNegative() || notFoundTtl.isNegative()) {
      throw new IllegalArgumentException("TTLs must not be negative, were " + metadataTtl + " and " + notFoundTtl);
    }
    Bounds.notNegative("verdictCacheSize", verdictCacheSize);
  }
}
