package dev.gatehouse.core.identity;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where named tokens are kept, by the SHA-256 of the token: the port a database implements ({@link
 * SqlTokenStore} for the embedded database). Implementations are thread-safe and never see a token itself.
 */
public interface TokenStore {
  /** Stores a new token; false when a token of that name exists, revoked or not. */
  boolean insert(StoredToken token, byte[] sha256) throws IOException;

  /** The token whose SHA-256 is {@code sha256}, revoked or not. */
  Optional<Match> bySha256(byte[] sha256) throws IOException;

  /** Every token, revoked ones included, by name. */
  List<StoredToken> list() throws IOException;

  /** Marks the token revoked at {@code at}; the stored token afterwards, empty when there is none by that name. */
  Optional<StoredToken> revoke(String name, Instant at) throws IOException;

  /** Records that the token was used at {@code at}. */
  void touch(String name, Instant at) throws IOException;

  /** A stored token and the digest it was found by, which the caller compares in constant time. */
  record Match(StoredToken token, byte[] sha256) {
    public Match {
      sha256 = sha256.clone();
    }

    @Override
    public byte[] sha256() {
      return sha256.clone();
    }
  }
}
