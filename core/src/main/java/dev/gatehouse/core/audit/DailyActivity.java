package dev.gatehouse.core.audit;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.quarantine.QuarantineEntry;
import dev.gatehouse.core.store.Database;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What happened on each of the last days (UTC), read from the audit trail and the quarantine: artifacts served,
 * artifacts refused, entries opened, and entries waiting for review at the day's end. For the overview a
 * reviewer opens first. Thread-safe; each call reads the database once per day asked for, plus twice.
 */
public final class DailyActivity {
  /** The most days one call covers: the counts read the audit trail of every day asked for. */
  public static final int MAX_DAYS = 90;

  private static final long DAY_MILLIS = 86_400_000L;

  /**
   * One day's counts.
   *
   * @param downloads artifact requests the gate admitted and answered with 2xx
   * @param refusals artifact requests answered 403 (quarantined, blocked, or hidden)
   * @param quarantined quarantine entries opened that day
   * @param open entries pending at the day's end (for today: now)
   */
  public record Day(LocalDate day, long downloads, long refusals, long quarantined, long open) {
    public Day {
      requireNonNull(day, "day");
    }
  }

  private final Database db;

  public DailyActivity(Database db) {
    this.db = requireNonNull(db, "db");
  }

  /** The {@code days} days up to and including the day of {@code now}, oldest first. */
  public List<Day> lastDays(int days, Instant now) throws IOException {
    if (days < 1 || days > MAX_DAYS) {
      throw new IllegalArgumentException("days must be between 1 and " + MAX_DAYS + ", was " + days);
    }
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    LocalDate first = today.minusDays(days - 1L);
    long from = first.toEpochDay() * DAY_MILLIS;
    long to = (today.toEpochDay() + 1) * DAY_MILLIS;
    return db.read("count the activity of the last " + days + " days", c -> {
      Map<Long, long[]> requests = requests(c, from, to);
      Map<Long, long[]> opened = opened(c, from, to);
      List<Day> result = new ArrayList<>(days);
      for (LocalDate d = first; !d.isAfter(today); d = d.plusDays(1)) {
        long epochDay = d.toEpochDay();
        long[] r = requests.getOrDefault(epochDay, new long[2]);
        long[] q = opened.getOrDefault(epochDay, new long[1]);
        result.add(new Day(d, r[0], r[1], q[0], openAt(c, (epochDay + 1) * DAY_MILLIS)));
      }
      return result;
    });
  }

  /** Downloads and refusals by epoch day. Metadata requests name no decision and no file, so they count as neither. */
  private static Map<Long, long[]> requests(Connection c, long from, long to) throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT occurred_at / " + DAY_MILLIS + ", "
        + "SUM(CASE WHEN status >= 200 AND status < 300 AND decision IS NOT NULL AND file IS NOT NULL "
        + "THEN 1 ELSE 0 END), "
        + "SUM(CASE WHEN status = 403 AND file IS NOT NULL THEN 1 ELSE 0 END) "
        + "FROM audit_events WHERE occurred_at >= ? AND occurred_at < ? GROUP BY occurred_at / " + DAY_MILLIS)) {
      select.setLong(1, from);
      select.setLong(2, to);
      Map<Long, long[]> days = new HashMap<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          days.put(rows.getLong(1), new long[] {rows.getLong(2), rows.getLong(3)});
        }
      }
      return days;
    }
  }

  private static Map<Long, long[]> opened(Connection c, long from, long to) throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT created_at / " + DAY_MILLIS + ", COUNT(*) "
        + "FROM quarantine WHERE created_at >= ? AND created_at < ? GROUP BY created_at / " + DAY_MILLIS)) {
      select.setLong(1, from);
      select.setLong(2, to);
      Map<Long, long[]> days = new HashMap<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          days.put(rows.getLong(1), new long[] {rows.getLong(2)});
        }
      }
      return days;
    }
  }

  /** Entries opened before {@code end} and not decided before it. */
  private static long openAt(Connection c, long end) throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT COUNT(*) FROM quarantine WHERE created_at < ? "
        + "AND (status = ? OR decided_at >= ?)")) {
      select.setLong(1, end);
      select.setString(2, QuarantineEntry.Status.PENDING.name());
      select.setLong(3, end);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }
}
