package io.dataexporter.worker.snapshot;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A transaction this worker keeps open so that an export's snapshot stays importable: an idle,
 * read-only, repeatable-read transaction on a connection of its own that has exported its snapshot
 * ({@code pg_export_snapshot()}). While it is open, PostgreSQL keeps every row version the snapshot
 * sees (its xmin holds back vacuum).
 */
public final class HeldSnapshot implements AutoCloseable {
  private final Connection connection;
  private final UUID exportId;
  private final int epoch;
  private final String name;
  private final int backendPid;
  private final Instant takenAt;
  private final String xids;

  private HeldSnapshot(
      Connection connection,
      UUID exportId,
      int epoch,
      String name,
      int backendPid,
      Instant takenAt,
      String xids) {
    this.connection = connection;
    this.exportId = exportId;
    this.epoch = epoch;
    this.name = name;
    this.backendPid = backendPid;
    this.takenAt = takenAt;
    this.xids = xids;
  }

  /** Takes a new snapshot on {@code connection} (which it then owns): the export's moment. */
  public static HeldSnapshot take(Connection connection, UUID exportId, int epoch)
      throws SQLException {
    return open(connection, exportId, epoch, List.of());
  }

  /**
   * Holds the same snapshot as one of {@code names} (importing the first still held), on {@code
   * connection}, which it then owns.
   *
   * @throws SnapshotLostException when none of them is held any more
   */
  public static HeldSnapshot copy(
      Connection connection, UUID exportId, int epoch, List<String> names) throws SQLException {
    if (names.isEmpty()) {
      throw new SnapshotLostException("no transaction holds the export's snapshot");
    }
    return open(connection, exportId, epoch, names);
  }

  private static HeldSnapshot open(
      Connection connection, UUID exportId, int epoch, List<String> importFrom)
      throws SQLException {
    try {
      if (importFrom.isEmpty()) {
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        connection.setReadOnly(true);
      } else {
        SnapshotReads.begin(connection, importFrom);
      }
      try (Statement s = connection.createStatement();
          // the first statement takes the snapshot; statement_timestamp() is when it began
          ResultSet rs =
              s.executeQuery(
                  "SELECT pg_export_snapshot(), pg_backend_pid(), statement_timestamp(),"
                      + " pg_current_snapshot()::text")) {
        rs.next();
        return new HeldSnapshot(
            connection,
            exportId,
            epoch,
            rs.getString(1),
            rs.getInt(2),
            rs.getObject(3, java.time.OffsetDateTime.class).toInstant(),
            rs.getString(4));
      }
    } catch (SQLException | RuntimeException e) {
      try {
        connection.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** Whether its transaction still answers (a round trip inside it). */
  public boolean alive() {
    try (Statement s = connection.createStatement()) {
      s.setQueryTimeout(10);
      s.execute("SELECT 1");
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  public UUID exportId() {
    return exportId;
  }

  public int epoch() {
    return epoch;
  }

  /** The name other transactions import it by ({@code SET TRANSACTION SNAPSHOT}). */
  public String name() {
    return name;
  }

  public int backendPid() {
    return backendPid;
  }

  /** When the snapshot was taken; for a copy, when the copy was made (the original's is stored). */
  public Instant takenAt() {
    return takenAt;
  }

  /** {@code pg_current_snapshot()} of the snapshot. */
  public String xids() {
    return xids;
  }

  /** Ends the transaction: the snapshot is released (unless other holders keep it). */
  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // the connection is gone either way
    }
  }
}
