package io.dataexporter.filter;

import io.dataexporter.dataset.Dataset;
import java.util.List;

/**
 * What a filter key addresses: a column with its catalog type, and for a JSON column the path of
 * keys into it (empty: the column itself).
 */
record ColumnTarget(String column, String typeName, ColumnType type, List<String> path) {

  ColumnTarget {
    path = List.copyOf(path);
  }

  String quoted() {
    return Dataset.quote(column);
  }
}
