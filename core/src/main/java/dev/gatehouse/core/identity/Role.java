package dev.gatehouse.core.identity;

import java.util.Locale;
import java.util.Optional;

/**
 * What a token may do, each role including the ones before it: a {@link #READER} reads the admin API (and
 * downloads when anonymous downloads are off), a {@link #REVIEWER} also approves, rejects and revokes quarantine
 * entries and manages waivers, an {@link #ADMIN} also manages tokens and reloads the policy.
 */
public enum Role {
  READER,
  REVIEWER,
  ADMIN;

  /** Whether this role may do what {@code needed} may. */
  public boolean includes(Role needed) {
    return compareTo(needed) >= 0;
  }

  /** The name used in the API, configuration and CLI: {@code reader}, {@code reviewer}, {@code admin}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role named {@code key} (any case), or empty. */
  public static Optional<Role> fromKey(String key) {
    for (Role r : values()) {
      if (r.key().equalsIgnoreCase(key)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
