package dev.gatehouse.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression test: after a transaction timed out waiting for SQLite's write lock, the audit writer logged "cannot
 * commit - no transaction is active" on every later batch. sqlite-jdbc marks a connection as inside a transaction
 * before its {@code BEGIN IMMEDIATE} runs; when the begin timed out, the pooled connection kept that mark, so the
 * next transaction on it began nothing (each statement committed alone, a rollback undid nothing) and its commit
 * failed.
 */
class BusyDatabaseTest {
  private static final int BUSY_TIMEOUT_MILLIS = 300;

  @TempDir Path data;

  @Test
  void afterABusyTimeoutTransactionsCommitAndRollBackAsBefore() throws Exception {
    try (Database db = Database.openSqlite(data, BUSY_TIMEOUT_MILLIS)) {
      db.transaction("create a table", c -> c.createStatement().executeUpdate("CREATE TABLE notes (text TEXT)"));
      try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(Database.SQLITE_FILE))) {
        try (Statement s = other.createStatement()) {
          s.execute("BEGIN IMMEDIATE"); // holds the write lock until the rollback below
        }
        for (int i = 0; i < Database.SQLITE_POOL_SIZE + 1; i++) {
          assertThatThrownBy(() -> db.transaction("write while the lock is held", c -> insert(c, "lost")))
              .isInstanceOf(DatabaseException.class).hasMessageContaining("could not write while the lock is held");
        }
        try (Statement s = other.createStatement()) {
          s.execute("ROLLBACK");
        }
      }

      for (int i = 0; i < Database.SQLITE_POOL_SIZE + 1; i++) {
        db.transaction("write a note", c -> insert(c, "kept"));
        assertThatThrownBy(() -> db.transaction("write a note and fail", c -> {
          insert(c, "rolled back");
          throw new IllegalStateException("the work fails after its write");
        })).isInstanceOf(IllegalStateException.class);
        db.unitOfWork("write a note in a unit of work", () -> db.transaction("write", c -> insert(c, "kept")));
      }

      assertThat(count(db, "kept")).isEqualTo(2L * (Database.SQLITE_POOL_SIZE + 1));
      assertThat(count(db, "rolled back")).as("a rolled back transaction leaves nothing").isZero();
      assertThat(count(db, "lost")).isZero();
    }
  }

  private static int insert(Connection c, String text) throws java.sql.SQLException {
    try (var insert = c.prepareStatement("INSERT INTO notes (text) VALUES (?)")) {
      insert.setString(1, text);
      return insert.executeUpdate();
    }
  }

  private static long count(Database db, String text) throws DatabaseException {
    return db.read("count notes", c -> {
      try (var select = c.prepareStatement("SELECT COUNT(*) FROM notes WHERE text = ?")) {
        select.setString(1, text);
        try (ResultSet rows = select.executeQuery()) {
          rows.next();
          return rows.getLong(1);
        }
      }
    });
  }
}
