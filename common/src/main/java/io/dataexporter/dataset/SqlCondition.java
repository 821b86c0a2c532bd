package io.dataexporter.dataset;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * One more condition a {@link RowFilter} adds to its WHERE clause (a request's row filter), written
 * with positional parameters or with its values as literals.
 */
public interface SqlCondition {

  /** The condition, parenthesized; values as {@code ?}, or written in when {@code literals}. */
  String sql(boolean literals);

  /** Binds the values of {@code sql(false)} from {@code first}; returns the next free index. */
  int bind(Connection connection, PreparedStatement statement, int first) throws SQLException;
}
