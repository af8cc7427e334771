package dev.gatehouse.core.audit;

import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.Ecosystem;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which audit events to read. Every filter is optional ({@code null} matches everything); the result is
 * newest first, {@link #limit()} at a time, continuing after {@link #cursor()}.
 *
 * @param from events at or after this time
 * @param to events before this time
 * @param name a package name, matched exactly
 * @param status an HTTP status
 * @param client a client address, matched exactly
 * @param user a user name, matched exactly
 * @param limit events per page, 1 to {@link #MAX_LIMIT}
 * @param cursor {@link AuditPage#nextCursor()} of the previous page, or {@code null} for the first page
 */
public record AuditQuery(
    Instant from,
    Instant to,
    Ecosystem ecosystem,
    String name,
    String version,
    Decision decision,
    Integer status,
    String client,
    String user,
    int limit,
    String cursor) {

  /** The most events one page holds. */
  public static final int MAX_LIMIT = 1000;

  private static final Pattern CURSOR = Pattern.compile("(\\d{1,19})-([0-9a-f]{32})");

  public AuditQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
    }
    if (cursor != null && !validCursor(cursor)) {
      throw new IllegalArgumentException("not a cursor from an earlier audit page: " + cursor);
    }
  }

  /** The newest {@code limit} events, unfiltered. */
  public static AuditQuery newest(int limit) {
    return new AuditQuery(null, null, null, null, null, null, null, null, null, limit, null);
  }

  public AuditQuery between(Instant from, Instant to) {
    return new AuditQuery(from, to, ecosystem, name, version, decision, status, client, user, limit, cursor);
  }

  public AuditQuery withEcosystem(Ecosystem ecosystem) {
    return new AuditQuery(from, to, ecosystem, name, version, decision, status, client, user, limit, cursor);
  }

  public AuditQuery withName(String name) {
    return new AuditQuery(from, to, ecosystem, name, version, decision, status, client, user, limit, cursor);
  }

  public AuditQuery withVersion(String version) {
    return new AuditQuery(from, to, ecosystem, name, version, decision, status, client, user, limit, cursor);
  }

  public AuditQuery withDecision(Decision decision) {
    return new AuditQuery(from, to, ecosystem, name, version, decision, status, client, user, limit, cursor);
  }

  public AuditQuery withStatus(Integer status) {
    return new AuditQuery(from, to, ecosystem, name, version, decision, status, client, user, limit, cursor);
  }

  public AuditQuery withClient(String client) {
    return new AuditQuery(from, to, ecosystem, name, version, decision, status, client, user, limit, cursor);
  }

  public AuditQuery withUser(String user) {
    return new AuditQuery(from, to, ecosystem, name, version, decision, status, client, user, limit, cursor);
  }

  /** The same query, continuing after {@code cursor}. */
  public AuditQuery after(String cursor) {
    return new AuditQuery(from, to, ecosystem, name, version, decision, status, client, user, limit, cursor);
  }

  private static boolean validCursor(String cursor) {
    Matcher m = CURSOR.matcher(cursor);
    if (!m.matches()) {
      return false;
    }
    try {
      Long.parseLong(m.group(1));
      return true;
    } catch (NumberFormatException pastLongMax) {
      return false;
    }
  }

  static String cursorOf(long occurredAtMillis, String id) {
    return occurredAtMillis + "-" + id;
  }

  /** The time of the last event of the previous page; the cursor was validated by the constructor. */
  long cursorMillis() {
    Matcher m = CURSOR.matcher(cursor);
    m.matches();
    return Long.parseLong(m.group(1));
  }

  String cursorId() {
    Matcher m = CURSOR.matcher(cursor);
    m.matches();
    return m.group(2);
  }
}
