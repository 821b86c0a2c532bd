package io.dataexporter.worker.format;

import io.dataexporter.worker.profile.FieldProfiler;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the records of PostgreSQL's {@code COPY ... (FORMAT csv, FORCE_QUOTE *)} output, read in a
 * session with {@code TimeZone} UTC and {@code DateStyle} ISO, as {@link CsvRecordWriter} writes
 * them, without decoding them: every non-null value is quoted, so a field is NULL exactly when it
 * is empty and unquoted. Each row starts with a flag field (non-null: the row is flagged and not
 * written) and ends with a newline, which becomes CRLF. Timestamp fields are turned from
 * PostgreSQL's text ({@code 2024-03-03 10:00:00.12+00}) into {@link java.time.Instant#toString()}'s
 * ({@code 2024-03-03T10:00:00.120Z}); one that has no such form here (infinite, or outside years 1
 * to 9999) makes the row {@link #UNSUITABLE}. Text fields chosen for {@code csv_escape_formulas}
 * that start a formula get a leading {@code '} inside their quotes ({@link FormulaEscape}). Not
 * thread-safe: one per shard.
 */
public final class CopyRowWriter {
  public static final int WRITTEN = 0;
  public static final int FLAGGED = 1;
  public static final int UNSUITABLE = 2;

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] APOSTROPHE = {'\''};

  /** {@code YYYY-MM-DD HH:MM:SS+00}: the shortest timestamp, without a fraction. */
  private static final int WHOLE_SECONDS = 22;

  private final boolean[] timestamps;
  private final boolean[] escaped;
  private final long[] nonNull;
  private final FieldProfiler[] profilers;
  private final byte[] instant = new byte[32];

  /**
   * @param timestamps per record field, whether it is a {@code timestamptz}
   */
  public CopyRowWriter(boolean[] timestamps) {
    this(timestamps, new boolean[timestamps.length]);
  }

  /**
   * @param timestamps per record field, whether it is a {@code timestamptz}
   * @param escaped per record field, whether it is text whose formula-like values get a leading
   *     {@code '}
   */
  public CopyRowWriter(boolean[] timestamps, boolean[] escaped) {
    this(timestamps, escaped, null);
  }

  /**
   * @param timestamps per record field, whether it is a {@code timestamptz}
   * @param escaped per record field, whether it is text whose formula-like values get a leading
   *     {@code '}
   * @param profilers per record field, the profiler its non-null values go to (null: none)
   */
  public CopyRowWriter(boolean[] timestamps, boolean[] escaped, FieldProfiler[] profilers) {
    if (escaped.length != timestamps.length
        || (profilers != null && profilers.length != timestamps.length)) {
      throw new IllegalArgumentException("one flag per field in both arrays");
    }
    this.timestamps = timestamps.clone();
    this.escaped = escaped.clone();
    this.nonNull = new long[timestamps.length];
    this.profilers = profilers == null ? null : profilers.clone();
  }

  /** Per record field, the rows so far where it was not NULL (flagged rows not counted). */
  public long[] nonNull() {
    return nonNull;
  }

  /**
   * Writes one row's record, unless it is flagged or holds an unsuitable timestamp (part of the
   * record may then have been written: the caller discards the output).
   *
   * @return {@link #WRITTEN}, {@link #FLAGGED} or {@link #UNSUITABLE}
   */
  public int write(byte[] row, OutputStream out) throws IOException {
    if (row[0] == '"') {
      return FLAGGED;
    }
    // the flag is NULL: the row starts with the comma that ends it
    int end = row.length - 1; // the newline
    int from = 1; // the first byte not yet written
    int field = 0;
    int i = 1;
    while (i < end) {
      if (row[i] == '"') {
        nonNull[field]++;
        int open = i;
        i++;
        // inside quotes: a quote ends the value unless doubled
        while (true) {
          if (row[i] == '"') {
            if (i + 1 < end && row[i + 1] == '"') {
              i += 2;
              continue;
            }
            i++;
            break;
          }
          i++;
        }
        if (profilers != null) {
          profilers[field].addRaw(row, open + 1, i - 1);
        }
        if (timestamps[field]) {
          int length = toInstant(row, open + 1, i - 1);
          if (length < 0) {
            return UNSUITABLE;
          }
          out.write(row, from, open + 1 - from);
          out.write(instant, 0, length);
          from = i - 1; // the closing quote
        } else if (escaped[field] && FormulaEscape.triggers(row[open + 1])) {
          // a closing quote right after the opening one is an empty value: '"' never triggers
          out.write(row, from, open + 1 - from);
          out.write(APOSTROPHE);
          from = open + 1;
        }
      }
      // now at the comma ending the field, or at the end
      if (i < end && row[i] == ',') {
        field++;
      }
      i++;
    }
    out.write(row, from, end - from);
    out.write(CRLF);
    return WRITTEN;
  }

  /**
   * Puts {@code row[start, end)}, a timestamp in PostgreSQL's ISO text in UTC, into {@link
   * #instant} as {@link java.time.Instant#toString()} writes it: {@code T}, the fraction (trimmed
   * by PostgreSQL) in 3 or 6 digits when not zero, {@code Z}.
   *
   * @return the length written, or -1 when the text has another shape
   */
  private int toInstant(byte[] row, int start, int end) {
    int length = end - start;
    if (length != WHOLE_SECONDS && (length < WHOLE_SECONDS + 2 || length > WHOLE_SECONDS + 7)) {
      return -1;
    }
    if (!digits(row, start, 4)
        || row[start + 4] != '-'
        || !digits(row, start + 5, 2)
        || row[start + 7] != '-'
        || !digits(row, start + 8, 2)
        || row[start + 10] != ' '
        || !digits(row, start + 11, 2)
        || row[start + 13] != ':'
        || !digits(row, start + 14, 2)
        || row[start + 16] != ':'
        || !digits(row, start + 17, 2)
        || row[end - 3] != '+'
        || row[end - 2] != '0'
        || row[end - 1] != '0') {
      return -1;
    }
    System.arraycopy(row, start, instant, 0, 19);
    instant[10] = 'T';
    int n = 19;
    int digits = length - WHOLE_SECONDS - 1;
    if (digits > 0) {
      if (row[start + 19] != '.' || !digits(row, start + 20, digits)) {
        return -1;
      }
      instant[n++] = '.';
      System.arraycopy(row, start + 20, instant, n, digits);
      n += digits;
      for (int width = digits <= 3 ? 3 : 6; digits < width; digits++) {
        instant[n++] = '0';
      }
    }
    instant[n++] = 'Z';
    return n;
  }

  private static boolean digits(byte[] row, int start, int count) {
    for (int i = start; i < start + count; i++) {
      if (row[i] < '0' || row[i] > '9') {
        return false;
      }
    }
    return true;
  }
}
