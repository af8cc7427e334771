package dev.gatehouse.core.quarantine;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.store.Database;
import dev.gatehouse.core.store.RefColumns;
import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.VersionRange;
import dev.gatehouse.policy.Waiver;
import java.io.IOException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Waivers of package versions ({@link Waiver}): created, listed and deleted by reviewers, and read by the gate for
 * {@code Policy.decide}. A deleted waiver is kept with who deleted it, and no longer counts. Thread-safe.
 */
public final class Waivers {
  /** The longest package name accepted (npm's limit is 214; Maven coordinates run longer). */
  public static final int MAX_NAME_LENGTH = 500;

  private static final Pattern ID = Pattern.compile("w-[a-z2-7]{10}");
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final String COLUMNS = "id, ecosystem, name, versions, reason, created_by, created_at, expires_at";

  private final Database db;
  private final SecureRandom random = new SecureRandom();

  Waivers(Database db) {
    this.db = requireNonNull(db, "db");
  }

  /**
   * Stores a waiver of the versions {@code versions} of {@code name}.
   *
   * @throws IllegalArgumentException with a sentence, when the range cannot be read, the reason is blank or a value
   *     is too long, or {@code expiresAt} is not after {@code now}
   */
  public Waiver create(Ecosystem ecosystem, String name, String versions, String reason, String createdBy,
      Optional<Instant> expiresAt, Instant now) throws IOException {
    requireNonNull(ecosystem, "ecosystem");
    requireNonNull(expiresAt, "expiresAt");
    String packageName = requireNonNull(name, "package").strip();
    if (packageName.isEmpty() || packageName.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException("package must name a package in at most " + MAX_NAME_LENGTH + " characters");
    }
    String why = requireNonNull(reason, "reason").strip();
    if (why.isEmpty() || why.length() > Quarantine.MAX_REASON_LENGTH) {
      throw new IllegalArgumentException("a waiver needs a reason of at most " + Quarantine.MAX_REASON_LENGTH
          + " characters");
    }
    String by = requireNonNull(createdBy, "createdBy").strip();
    if (by.isEmpty() || by.length() > Quarantine.MAX_REVIEWER_LENGTH) {
      throw new IllegalArgumentException("a waiver names who made it in at most " + Quarantine.MAX_REVIEWER_LENGTH
          + " characters");
    }
    if (expiresAt.isPresent() && !expiresAt.get().isAfter(now)) {
      throw new IllegalArgumentException("expiresAt (" + expiresAt.get() + ") must be later than now (" + now + ")");
    }
    Waiver waiver = new Waiver(newId(), ecosystem, packageName, VersionRange.parse(ecosystem, versions), why, by, now,
        expiresAt);
    db.transaction("store waiver " + waiver.id(), c -> {
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO waivers (" + COLUMNS + ") "
          + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        insert.setString(1, waiver.id());
        insert.setString(2, ecosystem.key());
        insert.setString(3, packageName);
        insert.setString(4, waiver.versions().toString());
        insert.setString(5, why);
        insert.setString(6, by);
        insert.setLong(7, now.toEpochMilli());
        if (expiresAt.isPresent()) {
          insert.setLong(8, expiresAt.get().toEpochMilli());
        } else {
          insert.setNull(8, Types.BIGINT);
        }
        return insert.executeUpdate();
      }
    });
    return waiver;
  }

  /** Every waiver not deleted, expired ones included, newest first. */
  public List<Waiver> list() throws IOException {
    return db.read("list waivers", c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM waivers "
          + "WHERE deleted_at IS NULL ORDER BY created_at DESC, id DESC")) {
        return all(select);
      }
    });
  }

  /** The waivers of one package not deleted, for {@code Policy.decide}, which skips expired ones. */
  public List<Waiver> of(Ecosystem ecosystem, String name) throws IOException {
    return db.read("read the waivers of " + name, c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM waivers "
          + "WHERE ecosystem = ? AND name = ? AND deleted_at IS NULL ORDER BY id")) {
        select.setString(1, ecosystem.key());
        select.setString(2, name);
        return all(select);
      }
    });
  }

  /** Deletes waiver {@code id}; empty when there is none, or it was deleted before. */
  public Optional<Waiver> delete(String id, String deletedBy, Instant now) throws IOException {
    if (id == null || !ID.matcher(id).matches()) {
      return Optional.empty();
    }
    return db.transaction("delete waiver " + id, c -> {
      Optional<Waiver> waiver;
      try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM waivers "
          + "WHERE id = ? AND deleted_at IS NULL")) {
        select.setString(1, id);
        waiver = all(select).stream().findFirst();
      }
      if (waiver.isPresent()) {
        try (PreparedStatement update = c.prepareStatement(
            "UPDATE waivers SET deleted_by = ?, deleted_at = ? WHERE id = ?")) {
          update.setString(1, deletedBy);
          update.setLong(2, now.toEpochMilli());
          update.setString(3, id);
          update.executeUpdate();
        }
      }
      return waiver;
    });
  }

  private static List<Waiver> all(PreparedStatement select) throws SQLException {
    List<Waiver> waivers = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        String id = rows.getString(1);
        try {
          Ecosystem ecosystem = RefColumns.ecosystem(rows.getString(2));
          long expires = rows.getLong(8);
          Optional<Instant> expiresAt = rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(expires));
          waivers.add(new Waiver(id, ecosystem, rows.getString(3), VersionRange.parse(ecosystem, rows.getString(4)),
              rows.getString(5), rows.getString(6), Instant.ofEpochMilli(rows.getLong(7)), expiresAt));
        } catch (IllegalArgumentException e) {
          throw new SQLException("stored waiver " + id + " is unreadable: " + e.getMessage(), e);
        }
      }
    }
    return waivers;
  }

  private String newId() {
    StringBuilder id = new StringBuilder("w-");
    synchronized (random) {
      for (int i = 0; i < 10; i++) {
        id.append(BASE32[random.nextInt(BASE32.length)]);
      }
    }
    return id.toString();
  }

  /** Whether {@code id} has the shape of a waiver id. */
  public static boolean isId(String id) {
    return id != null && ID.matcher(id).matches();
  }
}
