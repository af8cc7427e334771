package dev.gatehouse.policy;

import java.util.Locale;

/** A package ecosystem Gatehouse proxies. {@link #key()} is its name in URLs, policy files and JSON. */
public enum Ecosystem {
  MAVEN,
  NPM,
  PYPI;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The ecosystem whose {@link #key()} is {@code key}, or {@code null}. */
  public static Ecosystem fromKey(String key) {
    for (Ecosystem e : values()) {
      if (e.key().equals(key)) {
        return e;
      }
    }
    return null;
  }
}
