package dev.gatehouse.core.audit;

import dev.gatehouse.core.store.Database;
import dev.gatehouse.core.store.DatabaseException;
import dev.gatehouse.core.store.RefColumns;
import dev.gatehouse.policy.Decision;
import dev.gatehouse.policy.Ecosystem;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** The SQL of the {@code audit_events} table. */
final class AuditTable {
  private static final String COLUMNS = "id, occurred_at, client_address, username, ecosystem, name, version, file, "
      + "sha256, decision, rule, status, bytes_sent, request_id";

  private final Database db;

  AuditTable(Database db) {
    this.db = db;
  }

  /**
   * Stores {@code events} under their ids; an id already stored is skipped, so that a batch tried again after a
   * failure that hid its commit, or replayed from the journal, is stored once.
   */
  void insert(List<AuditLog.Queued> events) throws DatabaseException {
    db.transaction("store " + events.size() + " audit events", c -> {
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO audit_events (" + COLUMNS + ") "
          + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
        for (AuditLog.Queued queued : events) {
          AuditEvent e = queued.event();
          insert.setString(1, queued.id());
          insert.setLong(2, e.time().toEpochMilli());
          insert.setString(3, e.clientAddress());
          insert.setString(4, e.user());
          insert.setString(5, e.ecosystem().key());
          insert.setString(6, e.name());
          insert.setString(7, e.version());
          insert.setString(8, e.file());
          insert.setString(9, e.sha256());
          insert.setString(10, e.decision() == null ? null : e.decision().name());
          insert.setString(11, e.rule());
          insert.setInt(12, e.status());
          insert.setLong(13, e.bytesSent());
          insert.setString(14, e.requestId());
          insert.addBatch();
        }
        return insert.executeBatch();
      }
    });
  }

  AuditPage query(AuditQuery q) throws DatabaseException {
    List<String> where = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    if (q.from() != null) {
      where.add("occurred_at >= ?");
      params.add(q.from().toEpochMilli());
    }
    if (q.to() != null) {
      where.add("occurred_at < ?");
      params.add(q.to().toEpochMilli());
    }
    if (q.ecosystem() != null) {
      where.add("ecosystem = ?");
      params.add(q.ecosystem().key());
    }
    if (q.name() != null) {
      where.add("name = ?");
      params.add(q.name());
    }
    if (q.version() != null) {
      where.add("version = ?");
      params.add(q.version());
    }
    if (q.decision() != null) {
      where.add("decision = ?");
      params.add(q.decision().name());
    }
    if (q.status() != null) {
      where.add("status = ?");
      params.add(q.status());
    }
    if (q.client() != null) {
      where.add("client_address = ?");
      params.add(q.client());
    }
    if (q.user() != null) {
      where.add("username = ?");
      params.add(q.user());
    }
    if (q.cursor() != null) {
      // Keyset paging: stable under concurrent inserts, unlike an offset, which would repeat events.
      where.add("(occurred_at < ? OR (occurred_at = ? AND id < ?))");
      params.add(q.cursorMillis());
      params.add(q.cursorMillis());
      params.add(q.cursorId());
    }
    String sql = "SELECT " + COLUMNS + " FROM audit_events"
        + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
        + " ORDER BY occurred_at DESC, id DESC LIMIT ?";
    params.add(q.limit() + 1); // one more tells whether there is a next page
    return db.read("query the audit log", c -> {
      try (PreparedStatement select = c.prepareStatement(sql)) {
        bind(select, params);
        return page(select, q.limit());
      }
    });
  }

  /** Artifact downloads answered 200: the rows the two questions count. */
  private static final String DOWNLOADED = "status = 200 AND decision IS NOT NULL AND file IS NOT NULL";

  List<Downloader> downloaders(Ecosystem ecosystem, String name, String version, Instant from, Instant to, int limit)
      throws DatabaseException {
    List<String> where = new ArrayList<>(List.of(DOWNLOADED, "ecosystem = ?", "name = ?"));
    List<Object> params = new ArrayList<>(List.of(ecosystem.key(), name));
    if (version != null) {
      where.add("version = ?");
      params.add(version);
    }
    between(where, params, from, to);
    params.add(limit);
    String sql = "SELECT version, username, client_address, MIN(occurred_at), MAX(occurred_at), COUNT(*) "
        + "FROM audit_events WHERE " + String.join(" AND ", where)
        + " GROUP BY version, username, client_address ORDER BY MAX(occurred_at) DESC, client_address LIMIT ?";
    return db.read("find who downloaded " + name, c -> {
      try (PreparedStatement select = c.prepareStatement(sql)) {
        bind(select, params);
        List<Downloader> found = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            found.add(new Downloader(rows.getString(1), rows.getString(2), rows.getString(3),
                Instant.ofEpochMilli(rows.getLong(4)), Instant.ofEpochMilli(rows.getLong(5)), rows.getLong(6)));
          }
        }
        return found;
      }
    });
  }

  List<Download> downloads(String client, String user, Instant from, Instant to, int limit) throws DatabaseException {
    List<String> where = new ArrayList<>(List.of(DOWNLOADED));
    List<Object> params = new ArrayList<>();
    if (client != null) {
      where.add("client_address = ?");
      params.add(client);
    }
    if (user != null) {
      where.add("username = ?");
      params.add(user);
    }
    between(where, params, from, to);
    params.add(limit);
    String sql = "SELECT ecosystem, name, version, MIN(occurred_at), MAX(occurred_at), COUNT(*) "
        + "FROM audit_events WHERE " + String.join(" AND ", where)
        + " GROUP BY ecosystem, name, version ORDER BY MAX(occurred_at) DESC, name, version LIMIT ?";
    return db.read("find what " + (client != null ? client : user) + " downloaded", c -> {
      try (PreparedStatement select = c.prepareStatement(sql)) {
        bind(select, params);
        List<Download> found = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            found.add(new Download(RefColumns.ecosystem(rows.getString(1)), rows.getString(2), rows.getString(3),
                Instant.ofEpochMilli(rows.getLong(4)), Instant.ofEpochMilli(rows.getLong(5)), rows.getLong(6)));
          }
        }
        return found;
      }
    });
  }

  private static void between(List<String> where, List<Object> params, Instant from, Instant to) {
    if (from != null) {
      where.add("occurred_at >= ?");
      params.add(from.toEpochMilli());
    }
    if (to != null) {
      where.add("occurred_at < ?");
      params.add(to.toEpochMilli());
    }
  }

  private static void bind(PreparedStatement select, List<Object> params) throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      Object p = params.get(i);
      if (p instanceof Long l) {
        select.setLong(i + 1, l);
      } else if (p instanceof Integer n) {
        select.setInt(i + 1, n);
      } else {
        select.setString(i + 1, (String) p);
      }
    }
  }

  private static AuditPage page(PreparedStatement select, int limit) throws SQLException {
    List<AuditEvent> events = new ArrayList<>();
    String lastKey = null;
    boolean more = false;
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        if (events.size() == limit) {
          more = true;
          break;
        }
        events.add(event(rows));
        lastKey = AuditQuery.cursorOf(rows.getLong(2), rows.getString(1));
      }
    }
    return new AuditPage(events, more ? Optional.of(lastKey) : Optional.empty());
  }

  private static AuditEvent event(ResultSet rows) throws SQLException {
    String decision = rows.getString(10);
    try {
      return new AuditEvent(Instant.ofEpochMilli(rows.getLong(2)), rows.getString(3), rows.getString(4),
          RefColumns.ecosystem(rows.getString(5)), rows.getString(6), rows.getString(7), rows.getString(8),
          rows.getString(9), decision == null ? null : Decision.valueOf(decision), rows.getString(11),
          rows.getInt(12), rows.getLong(13), rows.getString(14));
    } catch (IllegalArgumentException e) {
      throw new SQLException("stored audit event " + rows.getString(1) + " is unreadable: " + e.getMessage(), e);
    }
  }

  /** 128 random bits: ids only need to be unique, also across instances sharing one database. */
  static String newId() {
    byte[] bytes = new byte[16];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
