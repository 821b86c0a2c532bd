package io.dataexporter.job;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Column fill and profile of exported records: per output column, how many records had a non-null
 * value, and what the values were ({@link ColumnProfile}). Stored per shard (jsonb); rows stored
 * before profiles existed read with none.
 *
 * @param records exported records counted
 * @param nonNull per column, records with a non-null value
 * @param profiles per column, its profile (columns without one are absent)
 */
public record QualitySummary(
    long records,
    @JsonProperty("non_null") Map<String, Long> nonNull,
    Map<String, ColumnProfile> profiles) {

  public static final QualitySummary EMPTY = new QualitySummary(0, Map.of());

  public QualitySummary {
    nonNull =
        nonNull == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nonNull));
    profiles =
        profiles == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(profiles));
  }

  /** Non-null counts without profiles. */
  public QualitySummary(long records, Map<String, Long> nonNull) {
    this(records, nonNull, Map.of());
  }

  public QualitySummary plus(QualitySummary other) {
    if (other == null) {
      return this;
    }
    Map<String, Long> columns = new LinkedHashMap<>(nonNull);
    other.nonNull.forEach((column, n) -> columns.merge(column, n, Long::sum));
    Map<String, ColumnProfile> merged = new LinkedHashMap<>(profiles);
    other.profiles.forEach((column, p) -> merged.merge(column, p, ColumnProfile::plus));
    return new QualitySummary(records + other.records, columns, merged);
  }

  /** Per column, the share of records with a value (1.0 when there are no records). */
  public Map<String, Double> nonNullShares() {
    Map<String, Double> shares = new LinkedHashMap<>();
    nonNull.forEach((column, n) -> shares.put(column, records == 0 ? 1.0 : (double) n / records));
    return shares;
  }
}
