package dev.gatehouse.core.store;

import dev.gatehouse.policy.Ecosystem;
import dev.gatehouse.policy.PackageRef;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The columns every table that names an artifact file shares: ecosystem, name, version and file, in that
 * order. Public for the quarantine and audit tables, which name artifact files the same way.
 */
public final class RefColumns {
  private RefColumns() {}

  /** Binds {@code ref} to four parameters starting at {@code first}. */
  public static void setRef(PreparedStatement statement, int first, PackageRef ref) throws SQLException {
    statement.setString(first, ref.ecosystem().key());
    statement.setString(first + 1, ref.name());
    statement.setString(first + 2, ref.version());
    statement.setString(first + 3, ref.file());
  }

  /** Reads the four columns starting at {@code first} as a {@link PackageRef}. */
  public static PackageRef ref(ResultSet rows, int first) throws SQLException {
    return new PackageRef(ecosystem(rows.getString(first)), rows.getString(first + 1),
        rows.getString(first + 2), rows.getString(first + 3));
  }

  /** The ecosystem stored as {@code key}; an unknown key means the row was not written by Gatehouse. */
  public static Ecosystem ecosystem(String key) throws SQLException {
    Ecosystem ecosystem = Ecosystem.fromKey(key);
    if (ecosystem == null) {
      throw new SQLException("unknown ecosystem in the database: " + key);
    }
    return ecosystem;
  }
}
