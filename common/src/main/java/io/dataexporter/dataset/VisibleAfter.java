package io.dataexporter.dataset;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The rows an incremental export reads: the row versions its snapshot {@code S} sees that its
 * predecessor's snapshot {@code P} did not. A row version was visible at {@code P} iff its
 * inserting transaction (its {@code xmin}, widened to 64 bits) is below {@code P}'s xmin or one of
 * {@code P}'s visible transactions from its xmin up ({@code after_xids}, found by the predecessor's
 * planner among the rows it saw, so that rows written in subtransactions count by their own ids).
 *
 * @param afterXmin {@code pg_snapshot_xmin} of the predecessor's snapshot
 * @param afterXids the predecessor's {@code visible_xids} (empty when it had none)
 * @param snapshotXmax {@code pg_snapshot_xmax} of this export's snapshot: the reference the 32-bit
 *     {@code xmin} column is widened against
 */
public record VisibleAfter(long afterXmin, List<Long> afterXids, long snapshotXmax) {
  private static final long EPOCH = 1L << 32;

  /** The row's 32-bit {@code xmin} system column as a number. */
  public static final String RAW_XMIN = "xmin::text::bigint";

  public VisibleAfter {
    afterXids = List.copyOf(afterXids);
  }

  /**
   * The 64-bit id of a 32-bit transaction id {@code raw} written less than 2^32 ids before {@code
   * reference} (a snapshot's xmax): reference's epoch, one less when {@code raw} is at or above
   * reference's low 32 bits. Mirrors {@link #widened(String, long)}.
   */
  public static long widen(long raw, long reference) {
    long epoch = reference >>> 32;
    long low = reference & (EPOCH - 1);
    return epoch * EPOCH + raw - (raw >= low ? EPOCH : 0);
  }

  /** SQL of {@link #widen} for the 32-bit id that {@code raw} evaluates to (a bigint). */
  public static String widened(String raw, long reference) {
    long epoch = reference >>> 32;
    long low = reference & (EPOCH - 1);
    return "("
        + (epoch * EPOCH)
        + " + "
        + raw
        + " - CASE WHEN "
        + raw
        + " >= "
        + low
        + " THEN "
        + EPOCH
        + " ELSE 0 END)";
  }

  /** SQL of the widened {@code xmin} of the row being read. */
  public String widenedXmin() {
    return widened(RAW_XMIN, snapshotXmax);
  }

  /**
   * The condition (no leading {@code AND}): with {@code literals}, the numbers are written in (only
   * longs, so nothing to escape); else two positional parameters, bound by {@link #bind}.
   */
  String condition(boolean literals) {
    String x8 = widenedXmin();
    String xmin = literals ? Long.toString(afterXmin) : "?";
    String xids =
        literals
            ? afterXids.stream()
                .map(String::valueOf)
                .collect(Collectors.joining(",", "'{", "}'::bigint[]"))
            : "?::bigint[]";
    return "NOT (" + x8 + " < " + xmin + " OR " + x8 + " = ANY (" + xids + "))";
  }

  int bind(Connection connection, PreparedStatement statement, int first) throws SQLException {
    statement.setLong(first, afterXmin);
    statement.setArray(first + 1, connection.createArrayOf("int8", afterXids.toArray(new Long[0])));
    return first + 2;
  }
}
