package io.dataexporter.filter;

import io.dataexporter.dataset.SqlCondition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One resolved condition on one column of one dataset, e.g. {@code level in [ERROR, WARN]}, ready
 * to be written into a WHERE clause with bound parameters or with literals.
 *
 * @param column the column as the request named it, a dotted path for JSON ({@code metadata.user})
 * @param op the operator
 * @param value the value as sent (a string, number, boolean or list of them)
 * @param sql pieces of the condition: SQL text ({@code String}) and values ({@link SqlValue})
 */
public record FilterCondition(String column, FilterOperator op, Object value, List<Object> sql)
    implements SqlCondition {

  public FilterCondition {
    sql = List.copyOf(sql);
  }

  @Override
  public String sql(boolean literals) {
    StringBuilder out = new StringBuilder("(");
    for (Object piece : sql) {
      out.append(piece instanceof SqlValue v ? v.sql(literals) : (String) piece);
    }
    return out.append(')').toString();
  }

  @Override
  public int bind(Connection connection, PreparedStatement statement, int first)
      throws SQLException {
    int index = first;
    for (Object piece : sql) {
      if (piece instanceof SqlValue v) {
        index = v.bind(connection, statement, index);
      }
    }
    return index;
  }

  /** As the manifest records it: {@code {"column": ..., "op": ..., "value": ...}}. */
  public Map<String, Object> describe() {
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("column", column);
    node.put("op", op.wire());
    node.put("value", value);
    return node;
  }
}
