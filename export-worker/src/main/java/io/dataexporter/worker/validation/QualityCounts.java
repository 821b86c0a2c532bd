package io.dataexporter.worker.validation;

import io.dataexporter.job.ColumnProfile;
import io.dataexporter.job.QualitySummary;
import io.dataexporter.worker.profile.FieldProfiler;
import io.dataexporter.worker.source.SourceColumns;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts non-null values per output column over the records a shard writes and, when bound to the
 * columns' kinds, profiles them ({@link FieldProfiler}).
 */
public final class QualityCounts {
  private List<String> columns = List.of();
  private long[] nonNull = new long[0];
  private FieldProfiler[] profilers;
  private long records;

  public void bind(List<String> outputColumns) {
    columns = List.copyOf(outputColumns);
    nonNull = new long[columns.size()];
    profilers = null;
  }

  /** Binds to the output columns and profiles each by its kind. */
  public void bind(SourceColumns outputColumns) {
    bind(outputColumns.names());
    profilers = new FieldProfiler[columns.size()];
    for (int i = 0; i < profilers.length; i++) {
      profilers[i] = FieldProfiler.of(outputColumns.kind(i));
    }
  }

  /** The profilers of the bound columns (null when bound by name only), for the COPY path. */
  public FieldProfiler[] profilers() {
    return profilers;
  }

  public void count(Object[] row) {
    records++;
    for (int i = 0; i < row.length; i++) {
      if (row[i] != null) {
        nonNull[i]++;
        if (profilers != null) {
          profilers[i].add(row[i]);
        }
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
    Map<String, ColumnProfile> profiles = new LinkedHashMap<>();
    if (profilers != null) {
      for (int i = 0; i < columns.size(); i++) {
        profiles.put(columns.get(i), profilers[i].profile());
      }
    }
    return new QualitySummary(records, counts, profiles);
  }
}
