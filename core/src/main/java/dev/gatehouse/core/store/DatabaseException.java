package dev.gatehouse.core.store;

import java.io.IOException;
import java.sql.SQLException;

/** The database could not do what Gatehouse asked; the message says what that was. */
public final class DatabaseException extends IOException {
  private static final long serialVersionUID = 1L;

  public DatabaseException(String message, SQLException cause) {
    super(message, cause);
  }

  public DatabaseException(String message) {
    super(message);
  }
}
