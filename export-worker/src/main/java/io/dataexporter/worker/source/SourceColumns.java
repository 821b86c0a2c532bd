package io.dataexporter.worker.source;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The columns of a result set and how to read each into its export value. */
public final class SourceColumns {
  private final List<String> names;
  private final ColumnKind[] kinds;

  public SourceColumns(List<String> names, ColumnKind[] kinds) {
    this.names = List.copyOf(names);
    this.kinds = kinds.clone();
  }

  static SourceColumns of(ResultSetMetaData meta) throws SQLException {
    List<String> names = new ArrayList<>();
    ColumnKind[] kinds = new ColumnKind[meta.getColumnCount()];
    for (int i = 1; i <= kinds.length; i++) {
      names.add(meta.getColumnLabel(i));
      kinds[i - 1] = ColumnKind.ofPostgresType(meta.getColumnTypeName(i));
    }
    return new SourceColumns(names, kinds);
  }

  public List<String> names() {
    return names;
  }

  public ColumnKind kind(int index) {
    return kinds[index];
  }

  public int size() {
    return kinds.length;
  }

  /** Reads the current row into {@code values}; SQL NULL becomes null. */
  void read(ResultSet rs, Object[] values) throws SQLException {
    for (int i = 0; i < kinds.length; i++) {
      int col = i + 1;
      values[i] =
          switch (kinds[i]) {
            case TIMESTAMP -> {
              OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
              yield t == null ? null : t.toInstant().toString();
            }
            case LOCAL_TIMESTAMP -> {
              LocalDateTime t = rs.getObject(col, LocalDateTime.class);
              yield t == null ? null : t.toInstant(ZoneOffset.UTC).toString();
            }
            case INTEGER -> {
              long v = rs.getLong(col);
              yield rs.wasNull() ? null : v;
            }
            case DOUBLE -> {
              double v = rs.getDouble(col);
              yield rs.wasNull() ? null : v;
            }
            case DECIMAL -> rs.getBigDecimal(col);
            case BOOLEAN -> {
              boolean v = rs.getBoolean(col);
              yield rs.wasNull() ? null : v;
            }
            case STRING, JSON, JSON_VALUE -> rs.getString(col);
          };
    }
  }
}
