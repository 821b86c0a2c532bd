package io.dataexporter.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one output field held in a shard, a split or a data type, beside its non-null count: the
 * smallest and largest value of a number or time field, and the values of a text field with few
 * distinct values, with their counts. Merged with {@link #plus}.
 *
 * @param kind {@link #INTEGER}, {@link #NUMBER}, {@link #DATETIME} (min and max), {@link #TEXT}
 *     (values), or {@link #OTHER} (nothing tracked)
 * @param min smallest value (a long, a double, or ISO-8601 UTC text), null when there was none
 * @param max largest value, as {@code min}
 * @param values per distinct value, its count: every value while there are at most {@link
 *     #MAX_DISTINCT}; null for other kinds or when there were more ({@code manyValues})
 * @param manyValues the field had more than {@link #MAX_DISTINCT} distinct values
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ColumnProfile(
    String kind,
    Object min,
    Object max,
    Map<String, Long> values,
    @JsonProperty("many_values") boolean manyValues) {

  public static final String INTEGER = "integer";
  public static final String NUMBER = "number";
  public static final String DATETIME = "datetime";
  public static final String TEXT = "text";
  public static final String OTHER = "other";

  /** Above this many distinct values a text field is high-cardinality and lists none. */
  public static final int MAX_DISTINCT = 50;

  /**
   * The longest text value (in UTF-8 bytes) a profile keeps: a field with a longer value is free
   * text and reported as having many values, so profiles stay small in memory and in the manifest.
   */
  public static final int MAX_VALUE_BYTES = 256;

  /** How many of the most frequent values a data card shows. */
  public static final int TOP = 10;

  public ColumnProfile {
    kind = kind == null ? OTHER : kind;
    manyValues = manyValues || (values != null && values.size() > MAX_DISTINCT);
    values =
        values == null || manyValues
            ? null
            : java.util.Collections.unmodifiableMap(new TreeMap<>(values));
  }

  public ColumnProfile plus(ColumnProfile other) {
    if (other == null) {
      return this;
    }
    Object low = pick(min, other.min, true);
    Object high = pick(max, other.max, false);
    boolean many = manyValues || other.manyValues;
    Map<String, Long> merged = null;
    if (!many && (values != null || other.values != null)) {
      Map<String, Long> union = new TreeMap<>();
      if (values != null) {
        union.putAll(values);
      }
      if (other.values != null) {
        other.values.forEach((v, n) -> union.merge(v, n, Long::sum));
      }
      merged = union; // more than MAX_DISTINCT: many values, none listed
    }
    return new ColumnProfile(kind, low, high, merged, many);
  }

  /** The {@link #TOP} most frequent values, most frequent first (ties by value); empty if none. */
  public List<Map.Entry<String, Long>> top() {
    if (values == null) {
      return List.of();
    }
    return values.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(TOP)
        .map(e -> Map.entry(e.getKey(), e.getValue()))
        .toList();
  }

  /** The top values as an ordered map, for JSON. */
  public Map<String, Long> topMap() {
    Map<String, Long> map = new LinkedHashMap<>();
    top().forEach(e -> map.put(e.getKey(), e.getValue()));
    return map;
  }

  private Object pick(Object a, Object b, boolean smaller) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    int c = compare(a, b);
    return (smaller ? c <= 0 : c >= 0) ? a : b;
  }

  /**
   * A number as stored: JSON has no infinities, so a profile read back from jsonb holds {@code
   * "Infinity"} and {@code "-Infinity"} as text.
   */
  private static double doubleOf(Object value) {
    return value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString());
  }

  private static long longOf(Object value) {
    return value instanceof Number n ? n.longValue() : Long.parseLong(value.toString());
  }

  private int compare(Object a, Object b) {
    return switch (kind) {
      case INTEGER -> Long.compare(longOf(a), longOf(b));
      case NUMBER -> Double.compare(doubleOf(a), doubleOf(b));
      case DATETIME -> Instant.parse(a.toString()).compareTo(Instant.parse(b.toString()));
      default -> a.toString().compareTo(b.toString());
    };
  }
}
