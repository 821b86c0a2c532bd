package io.dataexporter.worker.format;

/**
 * Reads rows of PostgreSQL's {@code COPY ... (FORMAT csv, FORCE_QUOTE *)} output without decoding
 * them: with every non-null value quoted, a field is NULL exactly when it is empty and unquoted.
 */
public final class CsvRows {
  private CsvRows() {}

  /**
   * Counts the non-null fields of one row that starts with a flag field (non-null: the row is
   * flagged) followed by the record's fields, and ends with a newline.
   *
   * @param nonNull per record field, incremented when the field is non-null (flagged rows:
   *     untouched)
   * @return where the record's fields start in {@code row}, or -1 when the row is flagged
   */
  public static int countFields(byte[] row, long[] nonNull) {
    if (row[0] == '"') {
      return -1;
    }
    // the flag is NULL: the row starts with the comma that ends it
    int body = 1;
    int end = row.length - 1; // the newline
    int field = 0;
    int i = body;
    while (i < end) {
      if (row[i] == '"') {
        nonNull[field]++;
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
      }
      // now at the comma ending the field, or at the end
      if (i < end && row[i] == ',') {
        field++;
      }
      i++;
    }
    return body;
  }
}
