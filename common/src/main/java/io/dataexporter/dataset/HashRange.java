package io.dataexporter.dataset;

import io.dataexporter.job.RowHash;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rows whose keyed hash ({@link RowHash}) of {@code keyColumn} lies in {@code [from, to)}: a
 * sample ({@code from} 0) or one split of a {@link RowFilter}. A range starting at 0 is written
 * {@code hash < to}; any other as {@code int8range(from, to) @> hash}, which means {@code hash >=
 * from AND hash < to} but computes the hash once per row.
 *
 * @param keyColumn the plain column hashed (the dataset's id column when the request named none)
 * @param prefix {@link RowHash#prefix} of the purpose and seed
 */
public record HashRange(String keyColumn, String prefix, long from, long to)
    implements SqlCondition {

  public HashRange {
    if (from < 0 || to > RowHash.SCALE || from > to) {
      throw new IllegalArgumentException("no hash range [" + from + ", " + to + ")");
    }
  }

  /** Whether every hash is in the range (the condition can be left out). */
  public boolean everything() {
    return from == 0 && to == RowHash.SCALE;
  }

  /** The hash of the row's key; the prefix as {@code ?}, or written in when {@code literals}. */
  public String hash(boolean literals) {
    String sql = RowHash.sql(Dataset.quote(keyColumn));
    // the parameter comes before the column in RowHash.sql, so the first ? is the prefix's
    return literals
        ? sql.replaceFirst(Pattern.quote("?"), Matcher.quoteReplacement(quote(prefix)))
        : sql;
  }

  @Override
  public String sql(boolean literals) {
    if (from == 0) {
      return "(" + hash(literals) + " < " + (literals ? Long.toString(to) : "?") + ")";
    }
    String bounds = literals ? from + ", " + to : "?, ?";
    return "(int8range(" + bounds + ") @> " + hash(literals) + ")";
  }

  @Override
  public int bind(Connection connection, PreparedStatement statement, int first)
      throws SQLException {
    int index = first;
    if (from == 0) {
      statement.setString(index++, prefix);
      statement.setLong(index++, to);
    } else {
      statement.setLong(index++, from);
      statement.setLong(index++, to);
      statement.setString(index++, prefix);
    }
    return index;
  }

  /**
   * A string constant, quotes doubled ({@code standard_conforming_strings} on, as the COPY path
   * keeps it); the prefix's U+001F separators are ordinary characters in it.
   */
  private static String quote(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
