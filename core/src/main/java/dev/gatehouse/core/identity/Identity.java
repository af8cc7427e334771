package dev.gatehouse.core.identity;

import static java.util.Objects.requireNonNull;

/**
 * Who made a request, as a valid token says: its name (the reviewer of a decision, the user of an audit row)
 * and its role. Nothing a client writes in a header other than its token names an identity.
 */
public record Identity(String name, Role role) {
  public Identity {
    Tokens.requireName(name);
    requireNonNull(role, "role");
  }
}
