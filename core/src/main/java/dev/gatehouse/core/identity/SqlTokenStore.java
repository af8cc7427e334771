package dev.gatehouse.core.identity;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.store.Database;
import dev.gatehouse.core.store.DatabaseException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** The {@code tokens} table (migration V3) of the embedded database; plain SQL, portable to PostgreSQL. */
public final class SqlTokenStore implements TokenStore {
  private static final String COLUMNS = "name, role, created_at, last_used_at, revoked_at, token_sha256";
  private static final HexFormat HEX = HexFormat.of();

  private final Database db;

  public SqlTokenStore(Database db) {
    this.db = requireNonNull(db, "db");
  }

  @Override
  public boolean insert(StoredToken token, byte[] sha256) throws DatabaseException {
    return db.transaction("store token " + token.name(), c -> {
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO tokens (" + COLUMNS + ") "
          + "VALUES (?, ?, ?, NULL, NULL, ?) ON CONFLICT DO NOTHING")) {
        insert.setString(1, token.name());
        insert.setString(2, token.role().name());
        insert.setLong(3, token.createdAt().toEpochMilli());
        insert.setString(4, HEX.formatHex(sha256));
        return insert.executeUpdate() == 1;
      }
    });
  }

  @Override
  public Optional<Match> bySha256(byte[] sha256) throws DatabaseException {
    return db.read("look up a token", c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM tokens WHERE token_sha256 = ?")) {
        select.setString(1, HEX.formatHex(sha256));
        try (ResultSet rows = select.executeQuery()) {
          return rows.next() ? Optional.of(new Match(token(rows), HEX.parseHex(rows.getString(6)))) : Optional.empty();
        }
      }
    });
  }

  @Override
  public List<StoredToken> list() throws DatabaseException {
    return db.read("list tokens", c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM tokens ORDER BY name")) {
        List<StoredToken> tokens = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            tokens.add(token(rows));
          }
        }
        return tokens;
      }
    });
  }

  @Override
  public Optional<StoredToken> revoke(String name, Instant at) throws DatabaseException {
    return db.transaction("revoke token " + name, c -> {
      // A second revocation keeps the first time: that is when the token stopped working.
      try (PreparedStatement update = c.prepareStatement(
          "UPDATE tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL")) {
        update.setLong(1, at.toEpochMilli());
        update.setString(2, name);
        update.executeUpdate();
      }
      try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM tokens WHERE name = ?")) {
        select.setString(1, name);
        try (ResultSet rows = select.executeQuery()) {
          return rows.next() ? Optional.of(token(rows)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public void touch(String name, Instant at) throws DatabaseException {
    db.transaction("record the use of token " + name, c -> {
      try (PreparedStatement update = c.prepareStatement("UPDATE tokens SET last_used_at = ? WHERE name = ?")) {
        update.setLong(1, at.toEpochMilli());
        update.setString(2, name);
        return update.executeUpdate();
      }
    });
  }

  private static StoredToken token(ResultSet rows) throws SQLException {
    String name = rows.getString(1);
    Role role = Role.fromKey(rows.getString(2))
        .orElseThrow(() -> new SQLException("stored token " + name + " has an unknown role"));
    return new StoredToken(name, role, Instant.ofEpochMilli(rows.getLong(3)), instant(rows, 4), instant(rows, 5));
  }

  private static Optional<Instant> instant(ResultSet rows, int column) throws SQLException {
    long millis = rows.getLong(column);
    return rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
  }
}
