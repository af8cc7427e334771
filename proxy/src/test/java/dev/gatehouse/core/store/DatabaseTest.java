package dev.gatehouse.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

class DatabaseTest {
  @TempDir Path data;

  @Test
  void openingAnEmptyFolderCreatesTheSqliteFileInWalModeWithEveryTable() throws IOException {
    try (Database db = Database.openSqlite(data)) {
      assertThat(data.resolve("gatehouse.db")).exists();
      String journalMode = db.read("read the journal mode", c -> single(c.createStatement(), "PRAGMA journal_mode"));
      String busyTimeout = db.read("read the busy timeout", c -> single(c.createStatement(), "PRAGMA busy_timeout"));

      assertThat(journalMode).isEqualTo("wal");
      assertThat(busyTimeout).isEqualTo(String.valueOf(Database.SQLITE_BUSY_TIMEOUT_MILLIS));
      assertThat(tables(db)).contains("artifacts", "analyses", "verdicts", "quarantine", "approvals", "audit_events");
    }
  }

  @Test
  void reopeningMigratesNothingTwice() throws IOException {
    Database.openSqlite(data).close();
    try (Database db = Database.openSqlite(data)) {
      String twice = db.read("count migrations applied twice", c -> single(c.createStatement(),
          "SELECT COUNT(*) - COUNT(DISTINCT version) FROM flyway_schema_history WHERE success = 1"));
      String applied = db.read("count migrations",
          c -> single(c.createStatement(), "SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1"));
      assertThat(twice).as("each migration once").isEqualTo("0");
      // Every migration once: as many as core ships, whichever helper added the last one.
      long shipped;
      try (var files = java.nio.file.Files.list(Path.of("..", "core", "src", "main", "resources", "db", "migration"))) {
        shipped = files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
      }
      assertThat(applied).as("each of the %d migrations once", shipped).isEqualTo(Long.toString(shipped));
    }
  }

  @Test
  void aSchemaNewerThanThisGatehouseIsRefusedAtStart() throws IOException {
    try (Database db = Database.openSqlite(data)) {
      db.transaction("pretend a newer Gatehouse migrated", c -> {
        try (Statement s = c.createStatement()) {
          return s.executeUpdate("INSERT INTO flyway_schema_history (installed_rank, version, description, type, "
              + "script, checksum, installed_by, execution_time, success) "
              + "VALUES (99, '99', 'from the future', 'SQL', 'V99__from_the_future.sql', 0, 'test', 0, 1)");
        }
      });
    }

    assertThatThrownBy(() -> Database.openSqlite(data))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("could not migrate the database schema: ")
        .hasMessageContaining("applied migration not resolved locally: 99");
  }

  @Test
  void aFailedTransactionLeavesNothingBehindAndSaysWhatItWasDoing() throws IOException {
    try (Database db = Database.openSqlite(data)) {
      assertThatThrownBy(() -> db.transaction("store two analyses", c -> {
        try (Statement s = c.createStatement()) {
          s.executeUpdate("INSERT INTO analyses VALUES ('" + Samples.sha256("a") + "', 1, 'jar', '[]', 0)");
          return s.executeUpdate("INSERT INTO no_such_table VALUES (1)");
        }
      })).isInstanceOf(DatabaseException.class).hasMessageStartingWith("could not store two analyses: ");

      String stored = db.read("count analyses", c -> single(c.createStatement(), "SELECT COUNT(*) FROM analyses"));
      assertThat(stored).isEqualTo("0");
    }
  }

  @Test
  void anInjectedDataSourceIsMigratedAndLeftOpenForItsOwner() throws IOException {
    SQLiteDataSource source = new SQLiteDataSource();
    source.setUrl("jdbc:sqlite:" + data.resolve("other.db"));

    Database.open(source).close();

    try (Database again = Database.open(source)) {
      assertThat(tables(again)).contains("quarantine");
    }
  }

  private static List<String> tables(Database db) throws IOException {
    return db.read("list tables", c -> {
      List<String> names = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet rows = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
        while (rows.next()) {
          names.add(rows.getString(1));
        }
      }
      return names;
    });
  }

  private static String single(Statement statement, String sql) throws SQLException {
    try (statement; ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
