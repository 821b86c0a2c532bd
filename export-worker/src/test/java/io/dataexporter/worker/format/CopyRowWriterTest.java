package io.dataexporter.worker.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CopyRowWriterTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private static byte[] row(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private String written() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void counts_quoted_fields_as_present_and_empty_unquoted_ones_as_null() throws IOException {
    CopyRowWriter w = new CopyRowWriter(new boolean[4]);
    assertThat(w.write(row(",\"1\",,\"\",\"x\"\n"), out)).isEqualTo(CopyRowWriter.WRITTEN);
    assertThat(w.nonNull()).containsExactly(1, 0, 1, 1);
    assertThat(written()).isEqualTo("\"1\",,\"\",\"x\"\r\n");
  }

  @Test
  void commas_quotes_and_newlines_inside_values_do_not_split_fields() throws IOException {
    CopyRowWriter w = new CopyRowWriter(new boolean[3]);
    String fields = "\"a,b\",\"say \"\"hi\"\", ok\",\"line1\nline2\r\n,\"\"\"";
    w.write(row("," + fields + "\n"), out);
    assertThat(w.nonNull()).containsExactly(1, 1, 1);
    assertThat(written()).isEqualTo(fields + "\r\n");
  }

  @Test
  void a_trailing_null_field_is_counted_as_null() throws IOException {
    CopyRowWriter w = new CopyRowWriter(new boolean[3]);
    w.write(row(",\"1\",\"2\",\n"), out);
    w.write(row(",,,\n"), out);
    assertThat(w.nonNull()).containsExactly(1, 1, 0);
    assertThat(written()).isEqualTo("\"1\",\"2\",\r\n,,\r\n");
  }

  @Test
  void a_flagged_row_is_reported_not_counted_and_not_written() throws IOException {
    CopyRowWriter w = new CopyRowWriter(new boolean[2]);
    assertThat(w.write(row("\"1\",\"a\",\"b\"\n"), out)).isEqualTo(CopyRowWriter.FLAGGED);
    assertThat(w.nonNull()).containsExactly(0, 0);
    assertThat(out.size()).isZero();
  }

  @Test
  void non_ascii_text_is_passed_over_byte_by_byte() throws IOException {
    CopyRowWriter w = new CopyRowWriter(new boolean[2]);
    w.write(row(",\"ünïcödé ☃ 日本 🚀\",\n"), out);
    assertThat(w.nonNull()).containsExactly(1, 0);
    assertThat(written()).isEqualTo("\"ünïcödé ☃ 日本 🚀\",\r\n");
  }

  @Test
  void timestamps_are_written_as_instant_writes_them() throws IOException {
    CopyRowWriter w = new CopyRowWriter(new boolean[] {false, true, true, false});
    w.write(row(",\"7\",\"2024-03-03 10:00:00+00\",\"2024-03-03 10:00:00.5+00\",\"x\"\n"), out);
    w.write(row(",\"8\",\"0001-01-01 00:00:00.1234+00\",,\"y\"\n"), out);
    w.write(row(",\"9\",\"9999-12-31 23:59:59.999999+00\",\"2024-03-03 10:00:00.12+00\",\n"), out);
    assertThat(written())
        .isEqualTo(
            "\"7\",\"2024-03-03T10:00:00Z\",\"2024-03-03T10:00:00.500Z\",\"x\"\r\n"
                + "\"8\",\"0001-01-01T00:00:00.123400Z\",,\"y\"\r\n"
                + "\"9\",\"9999-12-31T23:59:59.999999Z\",\"2024-03-03T10:00:00.120Z\",\r\n");
    assertThat(w.nonNull()).containsExactly(3, 3, 2, 2);
  }

  /** PostgreSQL's text for random instants, turned back, is what Instant.toString() gives. */
  @Test
  void every_fraction_length_matches_instant_to_string() throws IOException {
    DateTimeFormatter postgres = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    Random random = new Random(7);
    CopyRowWriter w = new CopyRowWriter(new boolean[] {true});
    for (int i = 0; i < 20_000; i++) {
      long seconds = random.nextLong(-62_135_596_800L, 253_402_300_799L);
      int micros =
          switch (i % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1000;
            case 2 -> random.nextInt(1_000_000);
            default -> random.nextInt(10) * 100_000;
          };
      Instant instant = Instant.ofEpochSecond(seconds, micros * 1000L);
      OffsetDateTime utc = instant.atOffset(ZoneOffset.UTC);
      // PostgreSQL trims the fraction's trailing zeros and leaves it out when zero
      String fraction =
          micros == 0 ? "" : ("." + String.format("%06d", micros)).replaceAll("0+$", "");
      String text = utc.format(postgres) + fraction + "+00";
      out.reset();
      assertThat(w.write(row(",\"" + text + "\"\n"), out)).isEqualTo(CopyRowWriter.WRITTEN);
      assertThat(written()).as(text).isEqualTo("\"" + instant + "\"\r\n");
    }
  }

  @Test
  void timestamps_without_an_instant_form_here_make_the_row_unsuitable() throws IOException {
    CopyRowWriter w = new CopyRowWriter(new boolean[] {false, true});
    for (String text :
        new String[] {
          "infinity",
          "-infinity",
          "12000-01-01 00:00:00+00",
          "0001-12-31 23:59:59+00 BC",
          "2024-03-03 10:00:00+01",
          "2024-03-03 10:00:00.1234567+00",
          "2024-03-03T10:00:00+00",
          "2024-03-03 10:00:00.+00",
        }) {
      assertThat(w.write(row(",\"1\",\"" + text + "\"\n"), out))
          .as(text)
          .isEqualTo(CopyRowWriter.UNSUITABLE);
    }
  }
}
