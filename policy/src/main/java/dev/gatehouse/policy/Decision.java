package dev.gatehouse.policy;

/** What Gatehouse does with an artifact, ordered from least to most restrictive. */
public enum Decision {
  /** Serve it. */
  ALLOW,
  /** Hold it until a reviewer approves it. */
  QUARANTINE,
  /** Refuse it; no approval lifts this, only a policy change. */
  BLOCK;

  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
