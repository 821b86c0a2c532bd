package io.dataexporter.worker.profile;

import io.dataexporter.job.ColumnProfile;
import io.dataexporter.worker.source.ColumnKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The profile of one output field over the non-null values of a shard. Values come either as the
 * general path hands them ({@link #add(Object)}: Long, Double, BigDecimal, Boolean, timestamps as
 * {@link Instant#toString()} text) or as the COPY path reads them ({@link #addRaw}: the text inside
 * a CSV field's quotes, quotes still doubled; timestamps in PostgreSQL's UTC ISO text, which orders
 * correctly as bytes). Not thread-safe: one per shard.
 */
public final class FieldProfiler {
  private final String kind;
  private boolean any;
  private long minLong;
  private long maxLong;
  private double minDouble;
  private double maxDouble;
  private String minText;
  private String maxText;
  private byte[] minRaw;
  private int minRawLength;
  private byte[] maxRaw;
  private int maxRawLength;
  private Map<Object, long[]> counts = new HashMap<>();
  private ByteValueCounts rawCounts;
  private boolean many;

  private FieldProfiler(String kind) {
    this.kind = kind;
  }

  public static FieldProfiler of(ColumnKind kind) {
    return new FieldProfiler(
        switch (kind) {
          case INTEGER -> ColumnProfile.INTEGER;
          case DOUBLE, DECIMAL -> ColumnProfile.NUMBER;
          case TIMESTAMP, LOCAL_TIMESTAMP -> ColumnProfile.DATETIME;
          case STRING, BOOLEAN, JSON_VALUE -> ColumnProfile.TEXT;
          case JSON -> ColumnProfile.OTHER;
        });
  }

  /** A non-null value from the general path. */
  public void add(Object value) {
    switch (kind) {
      case ColumnProfile.INTEGER -> {
        if (value instanceof Number n) {
          range(n.longValue());
        }
      }
      case ColumnProfile.NUMBER -> {
        if (value instanceof Number n) {
          range(n.doubleValue());
        }
      }
      case ColumnProfile.DATETIME -> {
        if (value instanceof String s) {
          range(s);
        }
      }
      case ColumnProfile.TEXT -> count(value instanceof String ? value : String.valueOf(value));
      default -> {}
    }
  }

  /**
   * A non-null value from the COPY path: {@code row[start, end)} is the text between the field's
   * quotes.
   */
  public void addRaw(byte[] row, int start, int end) {
    switch (kind) {
      case ColumnProfile.INTEGER -> range(parseLong(row, start, end));
      case ColumnProfile.DATETIME -> rawRange(row, start, end);
      case ColumnProfile.TEXT -> {
        if (!many && unescapedLength(row, start, end) > ColumnProfile.MAX_VALUE_BYTES) {
          many = true;
          rawCounts = null;
        }
        if (!many) {
          if (rawCounts == null) {
            rawCounts = new ByteValueCounts(ColumnProfile.MAX_DISTINCT);
          }
          many = !rawCounts.add(row, start, end);
        }
      }
      default -> {}
    }
  }

  public ColumnProfile profile() {
    return switch (kind) {
      case ColumnProfile.INTEGER ->
          new ColumnProfile(kind, any ? minLong : null, any ? maxLong : null, null, false);
      case ColumnProfile.NUMBER ->
          new ColumnProfile(kind, any ? minDouble : null, any ? maxDouble : null, null, false);
      case ColumnProfile.DATETIME -> {
        if (minRaw != null) {
          yield new ColumnProfile(
              kind,
              fromPostgres(minRaw, minRawLength),
              fromPostgres(maxRaw, maxRawLength),
              null,
              false);
        }
        yield new ColumnProfile(kind, minText, maxText, null, false);
      }
      case ColumnProfile.TEXT -> new ColumnProfile(kind, null, null, values(), many);
      default -> new ColumnProfile(kind, null, null, null, false);
    };
  }

  private Map<String, Long> values() {
    if (many) {
      return null;
    }
    Map<String, Long> values = new HashMap<>();
    counts.forEach((v, n) -> values.merge(v.toString(), n[0], Long::sum));
    if (rawCounts != null) {
      rawCounts.forEach(
          (bytes, n) ->
              values.merge(
                  new String(bytes, StandardCharsets.UTF_8).replace("\"\"", "\""), n, Long::sum));
    }
    return values;
  }

  /** The UTF-8 length of a COPY field's text: its doubled quotes count once. */
  private static int unescapedLength(byte[] row, int start, int end) {
    int length = end - start;
    if (length <= ColumnProfile.MAX_VALUE_BYTES) {
      return length;
    }
    for (int i = start; i < end; i++) {
      if (row[i] == '"') {
        length--;
        i++;
      }
    }
    return length;
  }

  private void count(Object value) {
    if (many) {
      return;
    }
    if (value instanceof String s
        && s.length() > ColumnProfile.MAX_VALUE_BYTES / 4
        && s.getBytes(StandardCharsets.UTF_8).length > ColumnProfile.MAX_VALUE_BYTES) {
      // long text is free text, not a category: its values are neither kept nor reported
      many = true;
      counts = Map.of();
      return;
    }
    long[] n = counts.get(value);
    if (n != null) {
      n[0]++;
    } else if (counts.size() >= ColumnProfile.MAX_DISTINCT) {
      many = true;
      counts = Map.of();
    } else {
      counts.put(value, new long[] {1});
    }
  }

  private void range(long value) {
    if (!any) {
      minLong = value;
      maxLong = value;
      any = true;
    } else if (value < minLong) {
      minLong = value;
    } else if (value > maxLong) {
      maxLong = value;
    }
  }

  private void range(double value) {
    if (Double.isNaN(value)) {
      return;
    }
    if (!any) {
      minDouble = value;
      maxDouble = value;
      any = true;
    } else if (value < minDouble) {
      minDouble = value;
    } else if (value > maxDouble) {
      maxDouble = value;
    }
  }

  private void range(String instant) {
    if (minText == null || InstantText.compare(instant, minText) < 0) {
      minText = instant;
    }
    if (maxText == null || InstantText.compare(instant, maxText) > 0) {
      maxText = instant;
    }
  }

  private void rawRange(byte[] row, int start, int end) {
    int length = end - start;
    if (minRaw == null) {
      minRaw = new byte[40];
      maxRaw = new byte[40];
    }
    if (length > minRaw.length) {
      return; // not a timestamp the COPY path writes; it abandons the shard
    }
    if (minRawLength == 0 || Arrays.compare(row, start, end, minRaw, 0, minRawLength) < 0) {
      System.arraycopy(row, start, minRaw, 0, length);
      minRawLength = length;
    }
    if (maxRawLength == 0 || Arrays.compare(row, start, end, maxRaw, 0, maxRawLength) > 0) {
      System.arraycopy(row, start, maxRaw, 0, length);
      maxRawLength = length;
    }
  }

  /** {@code 2024-03-03 10:00:00.12+00} as {@code 2024-03-03T10:00:00.120Z}. */
  private static String fromPostgres(byte[] text, int length) {
    if (length == 0) {
      return null;
    }
    String s = new String(text, 0, length, StandardCharsets.US_ASCII);
    return Instant.parse(s.replace(' ', 'T').replaceFirst("\\+00$", "Z")).toString();
  }

  private static long parseLong(byte[] row, int start, int end) {
    boolean negative = row[start] == '-';
    long value = 0;
    for (int i = negative ? start + 1 : start; i < end; i++) {
      value = value * 10 - (row[i] - '0'); // negative: Long.MIN_VALUE fits
    }
    return negative ? value : -value;
  }
}
