package io.dataexporter.worker.validation;

import io.dataexporter.job.QualitySummary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Counts non-null values per output column over the records a shard writes. */
public final class QualityCounts {
  private List<String> columns = List.of();
  private long[] nonNull = new long[0];
  private long records;

  public void bind(List<String> outputColumns) {
    columns = List.copyOf(outputColumns);
    nonNull = new long[columns.size()];
  }

  public void count(Object[] row) {
    records++;
    for (int i = 0; i < row.length; i++) {
      if (row[i] != null) {
        nonNull[i]++;
      }
    }
  }

  /** Adds records counted elsewhere: their number and, per column, the non-null values. */
  public void add(long records, long[] nonNullPerColumn) {
    this.records += records;
    for (int i = 0; i < nonNull.length; i++) {
      nonNull[i] += nonNullPerColumn[i];
    }
  }

  public QualitySummary summary() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      counts.put(columns.get(i), nonNull[i]);
    }
    return new QualitySummary(records, counts);
  }
}
