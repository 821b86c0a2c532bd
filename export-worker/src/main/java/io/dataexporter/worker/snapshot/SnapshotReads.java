package io.dataexporter.worker.snapshot;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Starts read transactions that see an export's snapshot: repeatable read, read only, with {@code
 * SET TRANSACTION SNAPSHOT} as the first statement, as {@code pg_dump --jobs} does for its workers.
 */
public final class SnapshotReads {
  /** PostgreSQL's answer to a snapshot name whose exporting transaction has ended. */
  private static final String INVALID_PARAMETER_VALUE = "22023";

  private static final String OBJECT_NOT_IN_PREREQUISITE_STATE = "55000";

  private SnapshotReads() {}

  /**
   * Begins a transaction on {@code connection} that reads the snapshot of the first name still
   * held, trying them in order. End it with {@link #end(Connection)}.
   *
   * @throws SnapshotLostException when none is held any more (or none is given)
   */
  public static void begin(Connection connection, List<String> names) throws SQLException {
    for (String name : names) {
      connection.setAutoCommit(false);
      connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      connection.setReadOnly(true);
      try (Statement s = connection.createStatement()) {
        s.execute("SET TRANSACTION SNAPSHOT " + quote(name));
        return;
      } catch (SQLException e) {
        end(connection);
        if (!INVALID_PARAMETER_VALUE.equals(e.getSQLState())
            && !OBJECT_NOT_IN_PREREQUISITE_STATE.equals(e.getSQLState())) {
          throw e;
        }
        // that holder is gone: try the next one
      }
    }
    throw new SnapshotLostException(
        names.isEmpty()
            ? "no transaction holds the export's snapshot"
            : "none of the "
                + names.size()
                + " transactions holding the export's snapshot is left");
  }

  /**
   * Ends a read transaction begun by {@link #begin}, leaving the connection as the pool gave it. A
   * connection that cannot be brought back (it broke mid-read) is aborted, so the pool drops it;
   * this never throws, so it never hides the failure that ended the read.
   */
  public static void end(Connection connection) {
    try {
      connection.rollback();
      connection.setAutoCommit(true);
      connection.setReadOnly(false);
      connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
    } catch (SQLException e) {
      try {
        connection.abort(Runnable::run);
      } catch (SQLException ignored) {
        // it is closed either way
      }
    }
  }

  /** Work done in a transaction that reads the snapshot. */
  @FunctionalInterface
  public interface Read<T> {
    T run(Handle handle) throws Exception;
  }

  /**
   * Runs {@code read} on a handle of its own, in a transaction reading the first live snapshot of
   * {@code names}. The handle comes from {@link Jdbi#open()}, not {@code withHandle}: Jdbi lets a
   * nested {@code withHandle} on the same thread join the open one, and the job-table writes made
   * while rows stream (lease renewals) must not land in this read-only transaction.
   */
  public static <T> T read(Jdbi jdbi, List<String> names, Read<T> read) throws Exception {
    try (Handle handle = jdbi.open()) {
      Connection connection = handle.getConnection();
      begin(connection, names);
      try {
        return read.run(handle);
      } finally {
        end(connection);
      }
    }
  }

  /** Snapshot names are PostgreSQL's own ({@code 00000003-0000001B-1}); quoted all the same. */
  static String quote(String name) {
    if (!name.matches("[0-9A-Fa-f-]{1,64}")) {
      throw new IllegalArgumentException("not a snapshot name: " + name);
    }
    return "'" + name + "'";
  }
}
