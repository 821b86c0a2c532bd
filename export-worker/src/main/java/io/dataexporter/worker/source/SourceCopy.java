package io.dataexporter.worker.source;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.dataset.RowFilter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * The fast path for CSV: PostgreSQL renders the records itself ({@code COPY (SELECT ...) TO STDOUT
 * WITH (FORMAT csv, FORCE_QUOTE *)}) and each row's bytes go to the sink as they come, with no
 * per-value work in Java. Only for column kinds whose text is the same either way (see {@link
 * #supports}); timestamps are formatted in SQL exactly as {@link java.time.Instant#toString()}
 * writes them. Each row starts with one extra field, the validation flag: empty (NULL) when the row
 * passes the checks given as SQL, quoted otherwise.
 */
public final class SourceCopy {
  /** Kinds whose PostgreSQL text output is what the Java writers produce from the JDBC value. */
  private static final Set<ColumnKind> SAME_TEXT =
      Set.of(ColumnKind.STRING, ColumnKind.INTEGER, ColumnKind.JSON, ColumnKind.TIMESTAMP);

  private final Jdbi jdbi;

  public SourceCopy(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Receives each row's bytes: the flag field, a comma, the record's fields, a newline. */
  public interface LineSink {
    void accept(byte[] row) throws Exception;
  }

  /** The dataset's columns as a query returns them, read from the statement (no rows read). */
  public SourceColumns columns(Dataset d) {
    String sql = "SELECT " + selectList(d) + " FROM " + d.sqlTable() + " WHERE false";
    try {
      return jdbi.withHandle(
          h -> {
            try (PreparedStatement ps = h.getConnection().prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
              return SourceColumns.of(rs.getMetaData());
            }
          });
    } catch (SQLException | RuntimeException e) {
      throw new SourceReadException("reading " + d.name() + " failed: " + e.getMessage(), e);
    }
  }

  /** Whether every column can take the fast path. */
  public static boolean supports(SourceColumns columns) {
    for (int i = 0; i < columns.size(); i++) {
      if (!SAME_TEXT.contains(columns.kind(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Streams the filtered rows in export order.
   *
   * @param broken SQL condition true for rows that fail validation (null: none fail)
   * @return the number of rows
   */
  public long copy(
      RowFilter filter, SourceColumns columns, String broken, int fetchSize, LineSink sink) {
    Dataset d = filter.dataset();
    List<String> fields = new ArrayList<>();
    fields.add(broken == null ? "NULL::int" : "CASE WHEN " + broken + " THEN 1 END");
    for (int i = 0; i < columns.size(); i++) {
      String column = Dataset.quote(d.columns().get(i));
      fields.add(
          columns.kind(i) == ColumnKind.TIMESTAMP ? isoInstant(column) + " AS " + column : column);
    }
    String query =
        "COPY (SELECT "
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
      return jdbi.inTransaction(
          h -> {
            Connection connection = h.getConnection();
            try (Statement s = connection.createStatement()) {
              s.execute("SET LOCAL standard_conforming_strings = on");
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
              if (out.isActive()) {
                out.cancelCopy();
              }
            }
            return rows;
          });
    } catch (SourceReadException e) {
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

  private static String selectList(Dataset d) {
    return String.join(", ", d.columns().stream().map(Dataset::quote).toList());
  }

  /**
   * A timestamptz as {@link java.time.Instant#toString()} writes it: UTC, {@code T}, {@code Z}, and
   * the fraction only when not zero, in 3 or 6 digits.
   */
  static String isoInstant(String column) {
    String utc = "(" + column + " AT TIME ZONE 'UTC')";
    String micros = "(extract(microseconds FROM " + utc + ")::bigint % 1000000)";
    return "(to_char("
        + utc
        + ", 'YYYY-MM-DD\"T\"HH24:MI:SS') || CASE WHEN "
        + micros
        + " = 0 THEN '' WHEN "
        + micros
        + " % 1000 = 0 THEN '.' || lpad(("
        + micros
        + " / 1000)::text, 3, '0') ELSE '.' || lpad("
        + micros
        + "::text, 6, '0') END || 'Z')";
  }
}
