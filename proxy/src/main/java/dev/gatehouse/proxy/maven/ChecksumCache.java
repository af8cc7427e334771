package dev.gatehouse.proxy.maven;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.core.store.Blob;
import dev.gatehouse.core.upstream.Digests;
import java.io.IOException;
import java.io.InputStream;

/**
 * The digests of served blobs, for Maven's checksum requests: computed from the verified bytes (never
 * proxied, so they always match what Gatehouse serves) and kept, since a build asks for each jar's
 * {@code .sha1} right after the jar. Thread-safe; blocking on a miss.
 */
final class ChecksumCache {
  /** Blobs whose digests are kept at most. */
  private static final long MAX_ENTRIES = 50_000;

  private final Cache<String, Digests> bySha256 = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).build();

  Digests of(Blob blob) throws IOException {
    String sha256 = blob.sha256();
    Digests known = bySha256.getIfPresent(sha256);
    if (known != null) {
      return known;
    }
    Digests computed;
    try (InputStream in = blob.open()) {
      computed = Digests.of(in);
    }
    if (!computed.sha256().equals(sha256)) {
      throw new IOException("blob " + sha256 + " in the store hashes to " + computed.sha256() + ": the store is damaged");
    }
    bySha256.put(sha256, computed);
    return computed;
  }
}
