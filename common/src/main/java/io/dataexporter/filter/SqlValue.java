package io.dataexporter.filter;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One value of a condition: its canonical text (from the parsed value, never the raw input) and the
 * SQL type the database reads it as. Written {@code CAST(? AS type)} and bound as text, or, for
 * statements without parameters, {@code CAST('text' AS type)} with quotes doubled; {@code
 * standard_conforming_strings} must be on, so a backslash is a plain character.
 *
 * @param sqlType the type cast to ({@code bigint}, {@code text}, {@code timestamptz}, ...)
 * @param texts the value's text, or the elements' texts when {@code array}
 * @param array a list of values, cast to {@code sqlType[]}
 */
record SqlValue(String sqlType, List<String> texts, boolean array) {

  SqlValue {
    texts = List.copyOf(texts);
  }

  static SqlValue of(String sqlType, String text) {
    return new SqlValue(sqlType, List.of(text), false);
  }

  static SqlValue list(String sqlType, List<String> texts) {
    return new SqlValue(sqlType, texts, true);
  }

  String sql(boolean literal) {
    String value;
    if (!literal) {
      value = "?";
    } else if (array) {
      value = texts.stream().map(SqlValue::quote).collect(Collectors.joining(", ", "ARRAY[", "]"));
    } else {
      value = quote(texts.get(0));
    }
    return "CAST(" + value + " AS " + sqlType + (array ? "[]" : "") + ")";
  }

  int bind(Connection connection, PreparedStatement statement, int index) throws SQLException {
    if (array) {
      statement.setArray(index, connection.createArrayOf("text", texts.toArray()));
    } else {
      statement.setString(index, texts.get(0));
    }
    return index + 1;
  }

  /** A string constant: single quotes doubled (standard_conforming_strings on). */
  static String quote(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
