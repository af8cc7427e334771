package dev.gatehouse.core.store;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Gatehouse's SQL database: artifacts, analyses, verdicts, quarantine, approvals and the audit log.
 *
 * <p>The embedded default is SQLite in {@code DATA/gatehouse.db} ({@link #openSqlite}); any other {@link
 * DataSource} can be given to {@link #open}. Either way the schema migrations under {@code
 * db/migration} run before the database is returned, and all SQL stays portable to PostgreSQL. Stores
 * reach JDBC only through {@link #read} and {@link #transaction}, which turn every {@link SQLException}
 * into a {@link DatabaseException} whose message says what was being done. Thread-safe. Within a {@link
 * #unitOfWork}, both run on the unit's connection, so that a read sees the unit's own writes and a write commits
 * with the unit.
 */
public final class Database implements Catalog, AutoCloseable {
  /** SQLite file name inside the data directory. */
  public static final String SQLITE_FILE = "gatehouse.db";

  /**
   * How long a writer waits for SQLite's single write lock before failing. Writes are short (one row, or
   * one audit batch), so waiting this long means something is stuck, not busy.
   */
  static final int SQLITE_BUSY_TIMEOUT_MILLIS = 10_000;

  /** WAL lets readers run beside the one writer; more connections than this only queue on the lock. */
  static final int SQLITE_POOL_SIZE = 4;

  /** Work to do with a connection. */
  @FunctionalInterface
  public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  private static final Logger log = LoggerFactory.getLogger(Database.class);

  private final DataSource dataSource;
  private final AutoCloseable owned;
  private final ThreadLocal<Unit> current = new ThreadLocal<>();

  /** The unit of work open on one thread: its connection and what waits for its commit. */
  private record Unit(Connection connection, List<Runnable> afterCommit) {}

  private Database(DataSource dataSource, AutoCloseable owned) {
    this.dataSource = dataSource;
    this.owned = owned;
  }

  /**
   * Opens (creating when needed) the SQLite database in {@code dataDir}, in WAL mode with a busy timeout,
   * and migrates it to the current schema.
   */
  public static Database openSqlite(Path dataDir) throws IOException {
    return openSqlite(dataDir, SQLITE_BUSY_TIMEOUT_MILLIS);
  }

  /** As {@link #openSqlite(Path)}, waiting {@code busyTimeoutMillis} for the write lock: tests wait less. */
  static Database openSqlite(Path dataDir, int busyTimeoutMillis) throws IOException {
    requireNonNull(dataDir, "dataDir");
    Path file = Files.createDirectories(dataDir).toAbsolutePath().resolve(SQLITE_FILE);
    SQLiteConfig sqlite = new SQLiteConfig();
    sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
    sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL); // WAL + NORMAL: durable at checkpoints, never corrupt
    sqlite.setBusyTimeout(busyTimeoutMillis);
    sqlite.enforceForeignKeys(true);
    // A deferred transaction that reads and then writes cannot wait for the lock (SQLite answers BUSY at
    // once to avoid a deadlock); taking the write lock at BEGIN makes every transaction wait its turn.
    sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    SQLiteDataSource sqliteSource = new SQLiteDataSource(sqlite);
    sqliteSource.setUrl("jdbc:sqlite:" + file);

    HikariConfig pool = new HikariConfig();
    pool.setDataSource(sqliteSource);
    pool.setPoolName("gatehouse-db");
    pool.setMaximumPoolSize(SQLITE_POOL_SIZE);
    pool.setMinimumIdle(1);
    HikariDataSource hikari;
    try {
      hikari = new HikariDataSource(pool);
    } catch (RuntimeException e) {
      throw new IOException("cannot open the database " + file + ": " + e.getMessage(), e);
    }
    try {
      migrate(hikari);
    } catch (IOException | RuntimeException e) {
      hikari.close();
      throw e;
    }
    return new Database(hikari, hikari);
  }

  /**
   * Uses {@code dataSource} (a PostgreSQL pool, say) and migrates it to the current schema. The caller
   * keeps ownership: {@link #close()} does not close it.
   */
  public static Database open(DataSource dataSource) throws IOException {
    requireNonNull(dataSource, "dataSource");
    migrate(dataSource);
    return new Database(dataSource, () -> {});
  }

  @Override
  public <T> T unitOfWork(String what, Catalog.Work<T> work) throws IOException {
    requireNonNull(what, "what");
    if (current.get() != null) {
      return work.run();
    }
    Unit[] unit = new Unit[1];
    T result;
    try {
      result = inTransaction(what, connection -> {
        unit[0] = new Unit(connection, new ArrayList<>());
        current.set(unit[0]);
        try {
          return work.run();
        } finally {
          current.remove();
        }
      });
    } catch (SQLException e) {
      throw new DatabaseException("could not " + what + ": " + e.getMessage(), e);
    }
    unit[0].afterCommit().forEach(Runnable::run);
    return result;
  }

  @Override
  public void afterCommit(Runnable action) {
    requireNonNull(action, "action");
    Unit unit = current.get();
    if (unit == null) {
      action.run();
    } else {
      unit.afterCommit().add(action);
    }
  }

  /** Runs {@code work} on a connection in auto-commit mode: each statement stands alone. */
  public <T> T read(String what, SqlWork<T> work) throws DatabaseException {
    Unit unit = current.get();
    if (unit != null) {
      return joined(unit, what, work);
    }
    try (Connection connection = dataSource.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw new DatabaseException("could not " + what + ": " + e.getMessage(), e);
    }
  }

  /**
   * Runs {@code work} in one transaction, committed when it returns and rolled back when it throws; inside a
   * {@link #unitOfWork} it is part of that unit's transaction instead.
   */
  public <T> T transaction(String what, SqlWork<T> work) throws DatabaseException {
    Unit unit = current.get();
    if (unit != null) {
      return joined(unit, what, work);
    }
    try {
      return inTransaction(what, work::run);
    } catch (IOException impossible) {
      throw new IllegalStateException("SQL work failed with " + impossible, impossible); // SqlWork throws none
    } catch (SQLException e) {
      throw new DatabaseException("could not " + what + ": " + e.getMessage(), e);
    }
  }

  /** Work inside a transaction, which may fail either way. */
  @FunctionalInterface
  private interface TransactionWork<T> {
    T run(Connection connection) throws IOException, SQLException;
  }

  /**
   * Runs {@code work} in one transaction on a connection of its own. The transaction commits by turning auto-commit
   * back on (JDBC commits then), not by {@link Connection#commit()}: sqlite-jdbc's {@code commit()} and {@code
   * rollback()} begin the next transaction at once, and when that {@code BEGIN IMMEDIATE} times out on the write lock
   * they throw although the commit happened; the connection then believed a transaction was open that was not, and
   * every later use failed with "cannot commit - no transaction is active" (or ran without a transaction). A
   * connection whose begin, commit or rollback failed is in a state nobody knows, so it leaves the pool.
   */
  private <T> T inTransaction(String what, TransactionWork<T> work) throws IOException, SQLException {
    Connection connection = dataSource.getConnection();
    boolean clean = false;
    try {
      connection.setAutoCommit(false);
      T result;
      try {
        result = work.run(connection);
      } catch (IOException | SQLException | RuntimeException | Error e) {
        try {
          connection.rollback();
          connection.setAutoCommit(true);
          clean = true;
        } catch (SQLException rollbackFailed) {
          e.addSuppressed(rollbackFailed);
        }
        throw e;
      }
      connection.setAutoCommit(true); // commits
      clean = true;
      return result;
    } finally {
      if (clean) {
        connection.close();
      } else {
        discard(connection);
      }
    }
  }

  /** Takes a connection whose transaction state is unknown out of the pool; closing it rolls back what is open. */
  private void discard(Connection connection) {
    try {
      if (owned instanceof HikariDataSource hikari) {
        hikari.evictConnection(connection);
      } else {
        connection.abort(Runnable::run);
      }
    } catch (SQLException | RuntimeException e) {
      log.warn("could not discard a database connection in an unknown state: {}", e.getMessage());
    }
  }

  private static <T> T joined(Unit unit, String what, SqlWork<T> work) throws DatabaseException {
    try {
      return work.run(unit.connection());
    } catch (SQLException e) {
      throw new DatabaseException("could not " + what + ": " + e.getMessage(), e);
    }
  }

  /** Closes the connection pool when this database opened it. */
  @Override
  public void close() throws IOException {
    try {
      owned.close();
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("could not close the database: " + e.getMessage(), e);
    }
  }

  private static void migrate(DataSource dataSource) throws IOException {
    try {
      Flyway.configure()
          .dataSource(dataSource)
          .locations("classpath:db/migration")
          .failOnMissingLocations(true)
          .validateMigrationNaming(true)
          // Flyway ignores migrations newer than it knows by default; an older Gatehouse on a newer
          // schema could then misread what a newer one wrote, so refuse to start instead.
          .ignoreMigrationPatterns(new String[0])
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new IOException("could not migrate the database schema: " + e.getMessage(), e);
    }
  }
}
