package io.dataexporter.worker.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataexporter.job.OutputFormat;
import io.dataexporter.worker.source.ColumnKind;
import io.dataexporter.worker.source.SourceColumns;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code csv_escape_formulas} in the Java CSV writer and in the COPY path's row writer. */
class FormulaEscapeTest {

  /** Hostile text values and what the escaped cell holds (null: NULL). */
  private static final String[][] TEXT = {
    {"=1+1", "'=1+1"},
    {"+1", "'+1"},
    {"-1", "'-1"},
    {"@SUM(A1)", "'@SUM(A1)"},
    {"\tcmd", "'\tcmd"},
    {"\rcmd", "'\rcmd"},
    {"\"=cmd\"", "\"=cmd\""},
    {"=\"cmd\"", "'=\"cmd\""},
    {"'=already", "'=already"},
    {"ünï=1 🚀", "ünï=1 🚀"},
    {"=ünï", "'=ünï"},
    {"plain - text", "plain - text"},
    {"", ""},
    {null, null},
  };

  private static final SourceColumns COLUMNS =
      new SourceColumns(
          List.of("msg", "n", "score", "meta", "picked"),
          new ColumnKind[] {
            ColumnKind.STRING,
            ColumnKind.INTEGER,
            ColumnKind.DOUBLE,
            ColumnKind.JSON,
            ColumnKind.JSON_VALUE
          });

  @Test
  void text_starting_a_formula_gets_a_leading_apostrophe_and_nothing_else_does() {
    for (String[] c : TEXT) {
      if (c[0] != null) {
        assertThat(FormulaEscape.escape(c[0])).as(c[0]).isEqualTo(c[1]);
      }
    }
  }

  private static String csv(boolean escape, Object[]... rows) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RecordWriter writer = FileLayout.recordWriter(OutputFormat.CSV, out, COLUMNS, escape);
    for (Object[] row : rows) {
      writer.write(row);
    }
    writer.finish();
    return out.toString(StandardCharsets.UTF_8);
  }

  /** RFC 4180 with every non-null value quoted, as both writers write it. */
  private static String cell(String value) {
    return value == null ? "" : "\"" + value.replace("\"", "\"\"") + "\"";
  }

  @Test
  void the_csv_writer_escapes_text_cells_only() throws IOException {
    for (String[] c : TEXT) {
      Object[] row = {c[0], -1L, -2.5, "-3", "\"=json string\""};
      assertThat(csv(true, row))
          .as(c[0])
          .isEqualTo(
              cell(c[1])
                  + ","
                  + cell("-1")
                  + ","
                  + cell("-2.5")
                  + ","
                  + cell("-3")
                  + ","
                  + cell("'=json string")
                  + "\r\n");
    }
    // a number taken out of JSON by a transformation stays a number
    assertThat(csv(true, new Object[] {"x", 1L, 1.0, null, "-7"})).endsWith(",\"-7\"\r\n");
  }

  @Test
  void without_the_flag_the_csv_writer_leaves_every_cell_as_it_was() throws IOException {
    for (String[] c : TEXT) {
      Object[] row = {c[0], -1L, -2.5, "-3", "\"=json string\""};
      assertThat(csv(false, row))
          .isEqualTo(
              cell(c[0])
                  + ","
                  + cell("-1")
                  + ","
                  + cell("-2.5")
                  + ","
                  + cell("-3")
                  + ","
                  + cell("=json string")
                  + "\r\n");
    }
  }

  @Test
  void header_names_are_escaped_with_the_flag_only() {
    List<String> names = List.of("id", "=cmd", "-x", "@a", "plain");
    assertThat(
            new String(
                FileLayout.of(OutputFormat.CSV, names, null, true).header(),
                StandardCharsets.UTF_8))
        .isEqualTo("id,'=cmd,'-x,'@a,plain\r\n");
    assertThat(FileLayout.of(OutputFormat.CSV, names, null, false).header())
        .isEqualTo(CsvRecordWriter.header(names));
    assertThat(
            new String(
                FileLayout.of(OutputFormat.JSONL, names, null, true).header(),
                StandardCharsets.UTF_8))
        .isEmpty();
  }

  /** A COPY row: the flag field (NULL), then a text and an integer field, all non-null quoted. */
  private static String copyRow(boolean escape, String text, String number) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CopyRowWriter writer = new CopyRowWriter(new boolean[2], new boolean[] {escape, false});
    String row = "," + cell(text) + "," + cell(number) + "\n";
    assertThat(writer.write(row.getBytes(StandardCharsets.UTF_8), out))
        .isEqualTo(CopyRowWriter.WRITTEN);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void the_copy_path_escapes_the_text_fields_it_is_told_and_never_numbers() throws IOException {
    for (String[] c : TEXT) {
      assertThat(copyRow(true, c[0], "-1"))
          .as(String.valueOf(c[0]))
          .isEqualTo(cell(c[1]) + "," + cell("-1") + "\r\n");
      assertThat(copyRow(false, c[0], "-1")).isEqualTo(cell(c[0]) + "," + cell("-1") + "\r\n");
    }
  }

  @Test
  void the_copy_path_writes_what_the_csv_writer_writes() throws IOException {
    SourceColumns two =
        new SourceColumns(
            List.of("msg", "n"), new ColumnKind[] {ColumnKind.STRING, ColumnKind.INTEGER});
    for (String[] c : TEXT) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      RecordWriter writer = new CsvRecordWriter(out, two, true);
      writer.write(new Object[] {c[0], -1L});
      writer.finish();
      assertThat(copyRow(true, c[0], "-1")).isEqualTo(out.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void escaping_on_the_copy_path_keeps_timestamps_converted() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CopyRowWriter writer =
        new CopyRowWriter(new boolean[] {true, false}, new boolean[] {false, true});
    writer.write(",\"2024-03-03 10:00:00.12+00\",\"-x\"\n".getBytes(StandardCharsets.UTF_8), out);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("\"2024-03-03T10:00:00.120Z\",\"'-x\"\r\n");
  }
}
