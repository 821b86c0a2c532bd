package io.dataexporter.job;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Column fill of exported records: per output column, how many records had a non-null value.
 *
 * @param records exported records counted
 * @param nonNull per column, records with a non-null value
 */
public record QualitySummary(long records, @JsonProperty("non_null") Map<String, Long> nonNull) {

  public static final QualitySummary EMPTY = new QualitySummary(0, Map.of());

  public QualitySummary {
    nonNull =
        nonNull == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nonNull));
  }

  public QualitySummary plus(QualitySummary other) {
    if (other == null) {
      return this;
    }
    Map<String, Long> columns = new LinkedHashMap<>(nonNull);
    other.nonNull.forEach((column, n) -> columns.merge(column, n, Long::sum));
    return new QualitySummary(records + other.records, columns);
  }

  /** Per column, the share of records with a value (1.0 when there are no records). */
  public Map<String, Double> nonNullShares() {
    Map<String, Double> shares = new LinkedHashMap<>();
    nonNull.forEach((column, n) -> shares.put(column, records == 0 ? 1.0 : (double) n / records));
    return shares;
  }
}
