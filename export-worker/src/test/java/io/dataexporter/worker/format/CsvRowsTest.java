package io.dataexporter.worker.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CsvRowsTest {
  private static byte[] row(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void counts_quoted_fields_as_present_and_empty_unquoted_ones_as_null() {
    long[] nonNull = new long[4];
    byte[] r = row(",\"1\",,\"\",\"x\"\n");
    assertThat(CsvRows.countFields(r, nonNull)).isEqualTo(1);
    assertThat(nonNull).containsExactly(1, 0, 1, 1);
  }

  @Test
  void commas_quotes_and_newlines_inside_values_do_not_split_fields() {
    long[] nonNull = new long[3];
    byte[] r = row(",\"a,b\",\"say \"\"hi\"\", ok\",\"line1\nline2\r\n,\"\"\"\n");
    assertThat(CsvRows.countFields(r, nonNull)).isEqualTo(1);
    assertThat(nonNull).containsExactly(1, 1, 1);
  }

  @Test
  void a_trailing_null_field_is_counted_as_null() {
    long[] nonNull = new long[3];
    CsvRows.countFields(row(",\"1\",\"2\",\n"), nonNull);
    CsvRows.countFields(row(",,,\n"), nonNull);
    assertThat(nonNull).containsExactly(1, 1, 0);
  }

  @Test
  void a_flagged_row_is_reported_and_not_counted() {
    long[] nonNull = new long[2];
    assertThat(CsvRows.countFields(row("\"1\",\"a\",\"b\"\n"), nonNull)).isEqualTo(-1);
    assertThat(nonNull).containsExactly(0, 0);
  }

  @Test
  void non_ascii_text_is_passed_over_byte_by_byte() {
    long[] nonNull = new long[2];
    CsvRows.countFields(row(",\"ünïcödé ☃ 日本 🚀\",\n"), nonNull);
    assertThat(nonNull).containsExactly(1, 0);
  }
}
