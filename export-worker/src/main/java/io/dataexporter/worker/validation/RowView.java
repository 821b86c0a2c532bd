package io.dataexporter.worker.validation;

import io.dataexporter.worker.source.ColumnKind;
import io.dataexporter.worker.source.SourceColumns;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Named access to the current row for the rules; the row array is swapped in per record. */
public final class RowView {
  private final SourceColumns columns;

  /** Column positions, looked up once per shard rather than per rule and row. */
  private final Map<String, Integer> positions = new HashMap<>();

  private Object[] row;

  RowView(SourceColumns columns) {
    this.columns = columns;
    for (int i = 0; i < columns.size(); i++) {
      positions.putIfAbsent(columns.names().get(i), i);
    }
  }

  void show(Object[] row) {
    this.row = row;
  }

  public Object get(String column) {
    Integer index = positions.get(column);
    return index == null ? null : row[index];
  }

  public boolean has(String column) {
    return get(column) != null;
  }

  /** The column's kind, or null if the column is not exported. */
  public ColumnKind kind(String column) {
    Integer index = positions.get(column);
    return index == null ? null : columns.kind(index);
  }

  public String text(String column) {
    Object v = get(column);
    return v == null ? null : v.toString();
  }

  public Number number(String column) {
    return get(column) instanceof Number n ? n : null;
  }

  public Instant instant(String column) {
    return get(column) instanceof String s ? Instant.parse(s) : null;
  }
}
