package dev.gatehouse.core.quarantine;

import java.util.Locale;

/** What a reviewer can do to a quarantine entry. */
public enum ReviewAction {
  /** Lets the entry's bytes with its findings through, possibly until a time. */
  APPROVE,
  /** Refuses the entry's bytes for good. */
  REJECT,
  /** Withdraws an approval: the artifact is refused again and the entry is back in the queue. */
  REVOKE;

  /** The word in the API and in {@code review_decisions}: approve, reject, revoke. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  String verb() {
    return key();
  }

  static ReviewAction fromKey(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
