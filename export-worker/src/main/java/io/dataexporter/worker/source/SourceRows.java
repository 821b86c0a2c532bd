package io.dataexporter.worker.source;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.dataset.RowFilter;
import io.dataexporter.worker.snapshot.SnapshotLostException;
import io.dataexporter.worker.snapshot.SnapshotReads;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/**
 * Streams a dataset's rows in export order (time column, then id) through a server-side cursor: a
 * transaction with a fetch size, so memory holds one fetch, never the result.
 */
public final class SourceRows {
  private final Jdbi jdbi;

  public SourceRows(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Streams in index order instead of sorting: left alone, the planner often reads a shard's time
   * range with a (parallel) bitmap scan and sorts it, spilling to disk; that costs the database
   * several times the CPU of walking the (time, id) index, and the first row waits for the sort.
   * Where there is no such index, it still sorts. No JIT either: compiling the shard's query costs
   * more than it saves on one range of the index.
   */
  static void preferIndexOrder(Statement s) throws SQLException {
    s.execute("SET LOCAL enable_sort = off");
    s.execute("SET LOCAL max_parallel_workers_per_gather = 0");
    s.execute("SET LOCAL jit = off");
  }

  /**
   * Whether the dataset's time column may hold NULL: true unless it is a table's (or partitioned
   * table's) column with an enforced NOT NULL (views and foreign tables cannot tell; PostgreSQL 18
   * lets a NOT NULL be NOT VALID). Only then must the last shard add {@code OR time IS NULL}, which
   * keeps PostgreSQL from reading just the end of the index: it walks all of it.
   */
  public boolean timeMayBeNull(Dataset dataset) {
    try {
      return jdbi.withHandle(
          h ->
              h.createQuery(
                      """
                      SELECT a.attnotnull
                             AND c.relkind IN ('r', 'p')
                             AND NOT EXISTS (
                                   SELECT 1 FROM pg_constraint k
                                    WHERE k.conrelid = c.oid AND k.contype = 'n'
                                      AND NOT k.convalidated AND a.attnum = ANY (k.conkey))
                        FROM pg_attribute a
                        JOIN pg_class c ON c.oid = a.attrelid
                       WHERE a.attrelid = to_regclass(:relation) AND a.attname = :column
                      """)
                  .bind("relation", dataset.sqlTable())
                  .bind("column", dataset.timeColumn())
                  .mapTo(Boolean.class)
                  .findOne()
                  .map(notNull -> !notNull)
                  .orElse(true));
    } catch (RuntimeException e) {
      throw new SourceReadException("reading " + dataset.name() + " failed: " + e.getMessage(), e);
    }
  }

  /** Receives rows; the array is reused between calls. */
  public interface RowSink {
    void begin(SourceColumns columns) throws Exception;

    void accept(Object[] row) throws Exception;
  }

  /**
   * Streams the rows as the export's snapshot sees them.
   *
   * @param only an SQL condition further limiting the rows (null: none)
   * @param snapshot names of the export's snapshot held by its holders (the first live one is read)
   * @throws SnapshotLostException when no holder holds it any more
   */
  public void stream(
      RowFilter filter, String only, int fetchSize, List<String> snapshot, RowSink sink) {
    Dataset d = filter.dataset();
    try {
      SnapshotReads.read(
          jdbi,
          snapshot,
          handle -> {
            Connection connection = handle.getConnection();
            try (Statement s = connection.createStatement()) {
              preferIndexOrder(s);
            }
            read(connection, filter, only, fetchSize, sink);
            return null;
          });
    } catch (SourceReadException | SnapshotLostException e) {
      throw e;
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof SQLException || e instanceof org.jdbi.v3.core.JdbiException) {
        throw new SourceReadException(
            "reading " + d.name() + " failed: " + cause.getMessage(), cause);
      }
      throw e;
    } catch (Exception e) {
      throw new SourceReadException("reading " + d.name() + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Streams on a connection whose transaction the caller holds (so it reads the caller's snapshot).
   *
   * @param only an SQL condition further limiting the rows (null: none)
   */
  public static void read(
      Connection connection, RowFilter filter, String only, int fetchSize, RowSink sink)
      throws Exception {
    Dataset d = filter.dataset();
    String where = filter.whereClause();
    if (only != null) {
      where = (where.isEmpty() ? " WHERE " : where + " AND ") + "(" + only + ")";
    }
    String sql =
        "SELECT "
            + d.columns().stream().map(Dataset::quote).collect(Collectors.joining(", "))
            + " FROM "
            + d.sqlTable()
            + where
            + " ORDER BY "
            + Dataset.quote(d.timeColumn())
            + ", "
            + Dataset.quote(d.idColumn());
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setFetchSize(fetchSize);
      filter.bind(connection, statement, 1);
      try (ResultSet rs = statement.executeQuery()) {
        SourceColumns columns = SourceColumns.of(rs.getMetaData());
        sink.begin(columns);
        Object[] row = new Object[columns.size()];
        while (rs.next()) {
          columns.read(rs, row);
          sink.accept(row);
        }
      }
    }
  }
}
