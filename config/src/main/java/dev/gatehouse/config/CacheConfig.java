package dev.gatehouse.config;

import java.time.Duration;

/**
 * {@code cache.*}: how long metadata stays fresh and how much is kept in memory.
 *
 * @param metadataTtl {@code cache.metadataTtl}: packuments, index pages and maven-metadata.xml
 * @param notFoundTtl {@code cache.notFoundTtl}: how long an upstream 404 is remembered
 * @param verdictCacheSize {@code cache.verdictCacheSize}: verdicts kept in memory in front of the database
 */
public record CacheConfig(Duration metadataTtl, Duration notFoundTtl, long verdictCacheSize) {}
