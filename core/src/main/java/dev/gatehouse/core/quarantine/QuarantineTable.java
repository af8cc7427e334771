package dev.gatehouse.core.quarantine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.quarantine.QuarantineEntry.Review;
import dev.gatehouse.core.quarantine.QuarantineEntry.Status;
import dev.gatehouse.core.store.Database;
import dev.gatehouse.core.store.DatabaseException;
import dev.gatehouse.core.store.RefColumns;
import dev.gatehouse.policy.Approval;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageRef;
import dev.gatehouse.policy.Rejection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** The SQL of the {@code quarantine}, {@code approvals} and {@code review_decisions} tables. */
final class QuarantineTable {
  private static final String COLUMNS = "id, ecosystem, name, version, file, sha256, findings_fingerprint, rule, "
      + "reasons, findings_summary, status, created_at, decided_by, decided_at, decision_reason";
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final Database db;
  private final ObjectMapper mapper = new ObjectMapper();

  QuarantineTable(Database db) {
    this.db = db;
  }

  /**
   * Inserts {@code candidate} unless an entry for its file, bytes and findings exists, and returns the entry
   * that now holds them; empty when the candidate's id was taken by another artifact.
   */
  Optional<QuarantineEntry> insertOrFind(QuarantineEntry candidate) throws DatabaseException {
    String reasons = json(candidate.reasons());
    String summary = json(candidate.findingsSummary());
    return db.transaction("open a quarantine entry for " + candidate.ref(), c -> {
      // Without a conflict target this skips both kinds of conflict: the same artifact (found just
      // below) and an id collision (not found below, so the caller tries another id).
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO quarantine (" + COLUMNS + ") "
          + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL) ON CONFLICT DO NOTHING")) {
        insert.setString(1, candidate.id());
        RefColumns.setRef(insert, 2, candidate.ref());
        insert.setString(6, candidate.sha256());
        insert.setString(7, candidate.findingsFingerprint());
        insert.setString(8, candidate.rule());
        insert.setString(9, reasons);
        insert.setString(10, summary);
        insert.setString(11, Status.PENDING.name());
        insert.setLong(12, candidate.createdAt().toEpochMilli());
        insert.executeUpdate();
      }
      Optional<QuarantineEntry> held = selectByArtifact(c, candidate.ref(), candidate.sha256(),
          candidate.findingsFingerprint());
      if (held.isPresent() && held.get().status() == Status.LIFTED) {
        // Held again after a verdict had let the bytes through: back in the queue.
        try (PreparedStatement reopen = c.prepareStatement("UPDATE quarantine SET status = ?, decided_by = NULL, "
            + "decided_at = NULL, decision_reason = NULL WHERE id = ? AND status = ?")) {
          reopen.setString(1, Status.PENDING.name());
          reopen.setString(2, held.get().id());
          reopen.setString(3, Status.LIFTED.name());
          reopen.executeUpdate();
        }
        return selectById(c, held.get().id());
      }
      return held;
    });
  }

  /** Marks the pending entries of {@code ref} with bytes {@code sha256} lifted by {@code review}; returns how many. */
  int lift(PackageRef ref, String sha256, Review review) throws DatabaseException {
    return db.transaction("lift the quarantine of " + ref, c -> {
      try (PreparedStatement update = c.prepareStatement("UPDATE quarantine SET status = ?, decided_by = ?, "
          + "decided_at = ?, decision_reason = ? WHERE ecosystem = ? AND name = ? AND version = ? AND file = ? "
          + "AND sha256 = ? AND status = ?")) {
        update.setString(1, Status.LIFTED.name());
        update.setString(2, review.reviewer());
        update.setLong(3, review.at().toEpochMilli());
        update.setString(4, review.reason());
        RefColumns.setRef(update, 5, ref);
        update.setString(9, sha256);
        update.setString(10, Status.PENDING.name());
        return update.executeUpdate();
      }
    });
  }

  Optional<QuarantineEntry> byId(String id) throws DatabaseException {
    return db.read("read quarantine entry " + id, c -> selectById(c, id));
  }

  Optional<QuarantineEntry> byArtifact(PackageRef ref, String sha256, String fingerprint) throws DatabaseException {
    return db.read("read the quarantine entry of " + ref, c -> selectByArtifact(c, ref, sha256, fingerprint));
  }

  List<QuarantineEntry> list(Optional<Status> status, int limit, long offset) throws DatabaseException {
    return db.read("list quarantine entries", c -> {
      String where = status.isPresent() ? "WHERE status = ? " : "";
      try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM quarantine " + where
          + "ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?")) {
        int i = 1;
        if (status.isPresent()) {
          select.setString(i++, status.get().name());
        }
        select.setInt(i++, limit);
        select.setLong(i, offset);
        return all(select);
      }
    });
  }

  /**
   * Entries with {@code status} (any when empty) in {@code ecosystem} (any when empty) whose name contains {@code
   * nameContains} ignoring case (any when empty), newest first.
   */
  List<QuarantineEntry> search(Optional<Status> status, Optional<Ecosystem> ecosystem, Optional<String> nameContains,
      int limit, long offset) throws DatabaseException {
    List<String> where = new ArrayList<>();
    List<String> params = new ArrayList<>();
    status.ifPresent(s -> {
      where.add("status = ?");
      params.add(s.name());
    });
    ecosystem.ifPresent(e -> {
      where.add("ecosystem = ?");
      params.add(e.key());
    });
    nameContains.ifPresent(n -> {
      // LOWER on both sides: SQLite's LIKE ignores ASCII case and PostgreSQL's does not.
      where.add("LOWER(name) LIKE ? ESCAPE '\\'");
      params.add("%" + n.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
          + "%");
    });
    String sql = "SELECT " + COLUMNS + " FROM quarantine " + (where.isEmpty() ? "" : "WHERE "
        + String.join(" AND ", where) + " ") + "ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?";
    return db.read("search quarantine entries", c -> {
      try (PreparedStatement select = c.prepareStatement(sql)) {
        int i = 1;
        for (String p : params) {
          select.setString(i++, p);
        }
        select.setInt(i++, limit);
        select.setLong(i, offset);
        return all(select);
      }
    });
  }

  List<QuarantineEntry> ofPackage(Ecosystem ecosystem, String name) throws DatabaseException {
    return db.read("read the quarantine entries of " + ecosystem.key() + " " + name, c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM quarantine "
          + "WHERE ecosystem = ? AND name = ? ORDER BY created_at, id")) {
        select.setString(1, ecosystem.key());
        select.setString(2, name);
        return all(select);
      }
    });
  }

  long count(Status status) throws DatabaseException {
    return db.read("count quarantine entries", c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT COUNT(*) FROM quarantine WHERE status = ?")) {
        select.setString(1, status.name());
        try (ResultSet rows = select.executeQuery()) {
          rows.next();
          return rows.getLong(1);
        }
      }
    });
  }

  /**
   * Records {@code action} on entry {@code id} in one transaction (the caller's unit of work, when one is open): the
   * entry's new status, the approval it adds or withdraws, and the row of {@code review_decisions} that keeps it.
   */
  ReviewOutcome decide(String id, ReviewAction action, Review review, Optional<Instant> expiresAt)
      throws DatabaseException {
    return db.transaction(action.verb() + " quarantine entry " + id, c -> {
      Status from = action == ReviewAction.REVOKE ? Status.APPROVED : Status.PENDING;
      Status to = switch (action) {
        case APPROVE -> Status.APPROVED;
        case REJECT -> Status.REJECTED;
        case REVOKE -> Status.PENDING;
      };
      int changed;
      // An approval that has expired may be given again: the entry is approved, but nothing lets the bytes through.
      String expiredApproval = action != ReviewAction.APPROVE ? "" : " OR (status = 'APPROVED' AND EXISTS (SELECT 1 "
          + "FROM approvals a WHERE a.quarantine_id = quarantine.id AND a.expires_at IS NOT NULL AND a.expires_at <= ?))";
      try (PreparedStatement update = c.prepareStatement("UPDATE quarantine SET status = ?, decided_by = ?, "
          + "decided_at = ?, decision_reason = ? WHERE id = ? AND (status = ?" + expiredApproval + ")")) {
        update.setString(1, to.name());
        if (to == Status.PENDING) { // back in the queue: the review that was withdrawn lives in review_decisions
          update.setNull(2, Types.VARCHAR);
          update.setNull(3, Types.BIGINT);
          update.setNull(4, Types.VARCHAR);
        } else {
          update.setString(2, review.reviewer());
          update.setLong(3, review.at().toEpochMilli());
          update.setString(4, review.reason());
        }
        update.setString(5, id);
        update.setString(6, from.name());
        if (action == ReviewAction.APPROVE) {
          update.setLong(7, review.at().toEpochMilli());
        }
        changed = update.executeUpdate();
      }
      if (changed == 1 && action != ReviewAction.REJECT) { // a new approval replaces an expired one; a revoke ends it
        try (PreparedStatement withdraw = c.prepareStatement("DELETE FROM approvals WHERE quarantine_id = ?")) {
          withdraw.setString(1, id);
          withdraw.executeUpdate();
        }
      }
      if (changed == 1 && action == ReviewAction.APPROVE) {
        try (PreparedStatement approve = c.prepareStatement("INSERT INTO approvals (quarantine_id, sha256, "
            + "findings_fingerprint, reviewer, reason, approved_at, expires_at) "
            + "SELECT id, sha256, findings_fingerprint, ?, ?, ?, ? FROM quarantine WHERE id = ?")) {
          approve.setString(1, review.reviewer());
          approve.setString(2, review.reason());
          approve.setLong(3, review.at().toEpochMilli());
          if (expiresAt.isPresent()) {
            approve.setLong(4, expiresAt.get().toEpochMilli());
          } else {
            approve.setNull(4, Types.BIGINT);
          }
          approve.setString(5, id);
          approve.executeUpdate();
        }
      }
      if (changed == 1) {
        try (PreparedStatement log = c.prepareStatement("INSERT INTO review_decisions (id, quarantine_id, action, "
            + "reviewer, reason, decided_at, expires_at, sha256, findings_fingerprint) "
            + "SELECT ?, id, ?, ?, ?, ?, ?, sha256, findings_fingerprint FROM quarantine WHERE id = ?")) {
          log.setString(1, decisionId());
          log.setString(2, action.key());
          log.setString(3, review.reviewer());
          log.setString(4, review.reason());
          log.setLong(5, review.at().toEpochMilli());
          if (expiresAt.isPresent()) {
            log.setLong(6, expiresAt.get().toEpochMilli());
          } else {
            log.setNull(6, Types.BIGINT);
          }
          log.setString(7, id);
          log.executeUpdate();
        }
      }
      Optional<QuarantineEntry> entry = selectById(c, id);
      if (entry.isEmpty()) {
        return ReviewOutcome.notFound(id);
      }
      ReviewOutcome.Result result = changed == 1 ? ReviewOutcome.Result.DONE
          : action == ReviewAction.REVOKE ? ReviewOutcome.Result.NOT_APPROVED : ReviewOutcome.Result.ALREADY_DECIDED;
      return new ReviewOutcome(result, id, entry);
    });
  }

  private static final String DECISION_COLUMNS = "d.quarantine_id, q.ecosystem, q.name, q.version, q.file, d.action, "
      + "d.reviewer, d.reason, d.decided_at, d.expires_at, d.sha256";

  /** The decisions reviewers made on entry {@code id}, oldest first. */
  List<ReviewDecision> decisions(String id) throws DatabaseException {
    return db.read("read the decisions on quarantine entry " + id, c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT " + DECISION_COLUMNS + " FROM review_decisions d "
          + "JOIN quarantine q ON q.id = d.quarantine_id WHERE d.quarantine_id = ? ORDER BY d.decided_at, d.id")) {
        select.setString(1, id);
        return decisions(select);
      }
    });
  }

  /** Decisions in {@code [from, to)} (either may be null), by {@code reviewer} when not null, newest first. */
  List<ReviewDecision> decisions(Instant from, Instant to, String reviewer, int limit) throws DatabaseException {
    return db.read("read review decisions", c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT " + DECISION_COLUMNS + " FROM review_decisions d "
          + "JOIN quarantine q ON q.id = d.quarantine_id WHERE d.decided_at >= ? AND d.decided_at < ? "
          + "AND (? IS NULL OR d.reviewer = ?) ORDER BY d.decided_at DESC, d.id DESC LIMIT ?")) {
        select.setLong(1, from == null ? Long.MIN_VALUE : from.toEpochMilli());
        select.setLong(2, to == null ? Long.MAX_VALUE : to.toEpochMilli());
        select.setString(3, reviewer);
        select.setString(4, reviewer);
        select.setInt(5, limit);
        return decisions(select);
      }
    });
  }

  private static List<ReviewDecision> decisions(PreparedStatement select) throws SQLException {
    List<ReviewDecision> decisions = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        long expires = rows.getLong(10);
        Optional<Instant> expiresAt = rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(expires));
        decisions.add(new ReviewDecision(rows.getString(1), RefColumns.ref(rows, 2),
            ReviewAction.fromKey(rows.getString(6)), rows.getString(7), rows.getString(8),
            Instant.ofEpochMilli(rows.getLong(9)), expiresAt, rows.getString(11)));
      }
    }
    return decisions;
  }

  List<Approval> approvalsFor(String sha256) throws DatabaseException {
    return db.read("read the approvals of " + sha256, c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT sha256, findings_fingerprint, reviewer, reason, "
          + "approved_at, expires_at FROM approvals WHERE sha256 = ? ORDER BY approved_at, quarantine_id")) {
        select.setString(1, sha256);
        List<Approval> approvals = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            long expires = rows.getLong(6);
            Optional<Instant> expiresAt = rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(expires));
            approvals.add(new Approval(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                Instant.ofEpochMilli(rows.getLong(5)), expiresAt));
          }
        }
        return approvals;
      }
    });
  }

  /** The rejections of these bytes, from the entries that hold them. */
  List<Rejection> rejectionsFor(String sha256) throws DatabaseException {
    return db.read("read the rejections of " + sha256, c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT sha256, decided_by, decision_reason, decided_at "
          + "FROM quarantine WHERE sha256 = ? AND status = ? ORDER BY decided_at, id")) {
        select.setString(1, sha256);
        select.setString(2, Status.REJECTED.name());
        List<Rejection> rejections = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            rejections.add(new Rejection(rows.getString(1), rows.getString(2), rows.getString(3),
                Instant.ofEpochMilli(rows.getLong(4))));
          }
        }
        return rejections;
      }
    });
  }

  private static String decisionId() {
    byte[] bytes = new byte[16];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private Optional<QuarantineEntry> selectById(Connection c, String id) throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM quarantine WHERE id = ?")) {
      select.setString(1, id);
      return all(select).stream().findFirst();
    }
  }

  private Optional<QuarantineEntry> selectByArtifact(Connection c, PackageRef ref, String sha256, String fingerprint)
      throws SQLException {
    try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM quarantine WHERE ecosystem = ? "
        + "AND name = ? AND version = ? AND file = ? AND sha256 = ? AND findings_fingerprint = ?")) {
      RefColumns.setRef(select, 1, ref);
      select.setString(5, sha256);
      select.setString(6, fingerprint);
      return all(select).stream().findFirst();
    }
  }

  private List<QuarantineEntry> all(PreparedStatement select) throws SQLException {
    List<QuarantineEntry> entries = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        String id = rows.getString(1);
        try {
          Status status = Status.valueOf(rows.getString(11));
          entries.add(new QuarantineEntry(id, RefColumns.ref(rows, 2), rows.getString(6), rows.getString(7),
              rows.getString(8), mapper.readValue(rows.getString(9), STRINGS),
              mapper.readValue(rows.getString(10), STRINGS), status, Instant.ofEpochMilli(rows.getLong(12)),
              status == Status.PENDING ? Optional.empty() : Optional.of(review(id, rows))));
        } catch (JsonProcessingException | IllegalArgumentException e) {
          throw new SQLException("stored quarantine entry " + id + " is unreadable: " + e.getMessage(), e);
        }
      }
    }
    return entries;
  }

  private static Review review(String id, ResultSet rows) throws SQLException {
    String reviewer = rows.getString(13);
    long at = rows.getLong(14);
    if (reviewer == null || rows.wasNull() || rows.getString(15) == null) {
      throw new SQLException("stored quarantine entry " + id + " is decided but names no reviewer, time or reason");
    }
    return new Review(reviewer, rows.getString(15), Instant.ofEpochMilli(at));
  }

  private String json(List<String> lines) {
    try {
      return mapper.writeValueAsString(lines);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of strings always serializes", e);
    }
  }
}
