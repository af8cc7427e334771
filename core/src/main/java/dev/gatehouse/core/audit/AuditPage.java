package dev.gatehouse.core.audit;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One page of audit events, newest first.
 *
 * @param nextCursor what to pass as {@link AuditQuery#cursor()} for the next, older page; empty on the
 *     last page
 */
public record AuditPage(List<AuditEvent> events, Optional<String> nextCursor) {
  public AuditPage {
    events = List.copyOf(events);
    requireNonNull(nextCursor, "nextCursor");
  }
}
