package dev.gatehouse.core.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A named token as stored: never the token itself, only what the token list shows.
 *
 * @param lastUsedAt when a request last authenticated with it, to the minute
 * @param revokedAt when it was revoked; a revoked token authenticates nobody
 */
public record StoredToken(String name, Role role, Instant createdAt, Optional<Instant> lastUsedAt,
    Optional<Instant> revokedAt) {
  public StoredToken {
    Tokens.requireName(name);
    requireNonNull(role, "role");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(lastUsedAt, "lastUsedAt");
    requireNonNull(revokedAt, "revokedAt");
  }

  public Identity identity() {
    return new Identity(name, role);
  }

  public boolean revoked() {
    return revokedAt.isPresent();
  }
}
