package io.dataexporter.worker.source;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.dataset.RowFilter;
import io.dataexporter.worker.snapshot.SnapshotLostException;
import io.dataexporter.worker.snapshot.SnapshotReads;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * The fast path for CSV: PostgreSQL renders the records itself ({@code COPY (SELECT ...) TO STDOUT
 * WITH (FORMAT csv, FORCE_QUOTE *)}) and each row's bytes go to the sink as they come, with no
 * per-value work in Java. Only for column types whose text is the same either way (see {@link
 * #columns}), except timestamps: the session's time zone is UTC and its date style ISO, so that
 * {@link io.dataexporter.worker.format.CopyRowWriter} can turn their text into {@link
 * java.time.Instant#toString()}'s byte by byte (cheaper there than formatting them in SQL).
 *
 * <p>Each row starts with one extra field, its flag: empty (NULL) for a row to write, {@code 1}
 * when it fails the validation given as SQL.
 */
public final class SourceCopy {

  /**
   * PostgreSQL types whose text output is what the general path writes from the JDBC value, in text
   * and in binary transfer alike (timestamptz: reformatted by CopyRowWriter).
   */
  private static final Set<String> SAME_TEXT =
      Set.of(
          "text",
          "varchar",
          "bpchar",
          "name",
          "uuid",
          "inet",
          "cidr",
          "int2",
          "int4",
          "int8",
          "smallserial",
          "serial",
          "bigserial",
          "json",
          "jsonb",
          "timestamptz");

  private final Jdbi jdbi;

  public SourceCopy(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Receives each row's bytes: the flag field, a comma, the record's fields, a newline. */
  public interface LineSink {
    void accept(byte[] row) throws Exception;
  }

  /** Runs after the COPY, on its connection and in its transaction (the same snapshot). */
  public interface AfterCopy {
    void run(Connection connection) throws Exception;
  }

  /**
   * The dataset's columns as a query returns them, read from the statement (no rows read); empty
   * when a column's type may render differently on the fast path.
   */
  public Optional<SourceColumns> columns(Dataset d) {
    String sql = "SELECT " + selectList(d) + " FROM " + d.sqlTable() + " WHERE false";
    try {
      return jdbi.withHandle(
          h -> {
            try (PreparedStatement ps = h.getConnection().prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
              ResultSetMetaData meta = rs.getMetaData();
              for (int i = 1; i <= meta.getColumnCount(); i++) {
                if (!SAME_TEXT.contains(meta.getColumnTypeName(i).toLowerCase(Locale.ROOT))) {
                  return Optional.<SourceColumns>empty();
                }
              }
              return Optional.of(SourceColumns.of(meta));
            }
          });
    } catch (SQLException | RuntimeException e) {
      throw new SourceReadException("reading " + d.name() + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Streams the filtered rows in export order, in a repeatable-read transaction, then runs {@code
   * after} in the same transaction.
   *
   * @param broken SQL condition true for rows that fail validation (null: none fail)
   * @param after what to read next from the same snapshot (null: nothing)
   * @return the number of rows
   */
  public long copy(
      RowFilter filter,
      SourceColumns columns,
      String broken,
      int fetchSize,
      List<String> snapshot,
      LineSink sink,
      AfterCopy after) {
    Dataset d = filter.dataset();
    List<String> fields = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      fields.add("src." + Dataset.quote(d.columns().get(i)));
    }
    String flag = broken == null ? "NULL::int" : "CASE WHEN " + broken + " THEN 1 END";
    String query =
        "COPY (SELECT "
            + flag
            + ", "
            + String.join(", ", fields)
            + " FROM "
            + d.sqlTable()
            + " AS src"
            + filter.literalWhereClause()
            // qualified: the formatted timestamp's alias must not be what is sorted on
            + " ORDER BY src."
            + Dataset.quote(d.timeColumn())
            + ", src."
            + Dataset.quote(d.idColumn())
            + ") TO STDOUT WITH (FORMAT csv, FORCE_QUOTE *)";
    try {
      return SnapshotReads.read(jdbi, snapshot, h -> copy(h.getConnection(), query, sink, after));
    } catch (SourceReadException | SnapshotLostException e) {
      throw e;
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof SQLException || e instanceof JdbiException) {
        throw new SourceReadException(
            "reading " + d.name() + " failed: " + cause.getMessage(), cause);
      }
      throw e;
    } catch (Exception e) {
      throw new SourceReadException("reading " + d.name() + " failed: " + e.getMessage(), e);
    }
  }

  private static long copy(Connection connection, String query, LineSink sink, AfterCopy after)
      throws Exception {
    try (Statement s = connection.createStatement()) {
      s.execute("SET LOCAL standard_conforming_strings = on");
      // timestamptz text as CopyRowWriter reads it: 2024-03-03 10:00:00.12+00
      s.execute("SET LOCAL TimeZone = 'UTC'");
      s.execute("SET LOCAL DateStyle = 'ISO, MDY'");
      SourceRows.preferIndexOrder(s);
    }
    CopyOut out = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(query);
    long rows = 0;
    try {
      byte[] row;
      while ((row = out.readFromCopy()) != null) {
        sink.accept(row);
        rows++;
      }
    } finally {
      drain(connection, out);
    }
    if (after != null) {
      after.run(connection);
    }
    return rows;
  }

  /**
   * Reads a COPY left early (the sink threw) to its end, so that the connection returns to the pool
   * in step with the server; pgjdbc's {@code cancelCopy()} does not do that for COPY TO. A
   * connection that cannot be brought back in step is closed for good.
   */
  private static void drain(Connection connection, CopyOut out) {
    try {
      while (out.isActive() && out.readFromCopy() != null) {
        // discard
      }
    } catch (SQLException e) {
      try {
        connection.abort(Runnable::run);
      } catch (SQLException ignored) {
        // closing anyway
      }
    }
  }

  private static String selectList(Dataset d) {
    return String.join(", ", d.columns().stream().map(Dataset::quote).toList());
  }
}
