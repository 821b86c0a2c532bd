package io.dataexporter.worker.validation;

import io.dataexporter.worker.source.ColumnKind;
import io.dataexporter.worker.source.SourceColumns;
import java.time.Instant;

/** Named access to the current row for the rules; the row array is swapped in per record. */
public final class RowView {
  private final SourceColumns columns;
  private Object[] row;

  RowView(SourceColumns columns) {
    this.columns = columns;
  }

  void show(Object[] row) {
    this.row = row;
  }

  public Object get(String column) {
    int index = columns.names().indexOf(column);
    return index < 0 ? null : row[index];
  }

  public boolean has(String column) {
    return get(column) != null;
  }

  /** The column's kind, or null if the column is not exported. */
  public ColumnKind kind(String column) {
    int index = columns.names().indexOf(column);
    return index < 0 ? null : columns.kind(index);
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
