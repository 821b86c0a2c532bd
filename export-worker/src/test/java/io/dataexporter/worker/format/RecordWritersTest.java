package io.dataexporter.worker.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataexporter.job.OutputFormat;
import io.dataexporter.worker.source.ColumnKind;
import io.dataexporter.worker.source.SourceColumns;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parts written by the record writers and joined by the file layout parse back to the same values.
 */
class RecordWritersTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final SourceColumns COLUMNS =
      new SourceColumns(
          List.of("id", "t", "msg", "score", "meta"),
          new ColumnKind[] {
            ColumnKind.INTEGER,
            ColumnKind.TIMESTAMP,
            ColumnKind.STRING,
            ColumnKind.DOUBLE,
            ColumnKind.JSON
          });
  private static final List<Object[]> PART_ONE =
      List.of(
          new Object[] {
            1L,
            "2024-03-01T00:00:00.000001Z",
            "quote \" comma , newline \n tab \t backslash \\ ünï 🚀",
            0.30000000000000004,
            "{\"a\": [1, {\"b\": null}]}"
          },
          new Object[] {2L, "2024-03-01T00:00:01Z", "", null, null});
  private static final List<Object[]> PART_TWO =
      List.<Object[]>of(new Object[] {3L, "2024-03-02T00:00:00Z", null, Double.NaN, "\"s\""});

  private static byte[] part(OutputFormat format, List<Object[]> rows) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RecordWriter writer = FileLayout.recordWriter(format, out, COLUMNS);
    for (Object[] row : rows) {
      writer.write(row);
    }
    writer.finish();
    return out.toByteArray();
  }

  private static String file(OutputFormat format, String metadata, List<List<Object[]>> parts)
      throws IOException {
    FileLayout layout = FileLayout.of(format, COLUMNS.names(), metadata);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(layout.header());
    boolean first = true;
    for (List<Object[]> rows : parts) {
      if (rows.isEmpty()) {
        continue;
      }
      if (!first) {
        out.write(layout.separator());
      }
      first = false;
      out.write(part(format, rows));
    }
    out.write(layout.footer());
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void json_parts_join_into_one_array_with_nested_json_kept() throws IOException {
    JsonNode array =
        JSON.readTree(file(OutputFormat.JSON, null, List.of(PART_ONE, List.of(), PART_TWO)));
    assertThat(array.isArray()).isTrue();
    assertThat(array).hasSize(3);
    assertThat(array.get(0).get("msg").stringValue()).isEqualTo(PART_ONE.get(0)[2]);
    assertThat(array.get(0).get("meta").get("a").get(1).has("b")).isTrue();
    assertThat(array.get(0).get("score").doubleValue()).isEqualTo(0.30000000000000004);
    assertThat(array.get(1).get("msg").stringValue()).isEmpty();
    assertThat(array.get(1).get("meta").isNull()).isTrue();
    assertThat(array.get(2).get("score").stringValue()).isEqualTo("NaN");
    assertThat(array.get(2).get("meta").stringValue()).isEqualTo("s");
    assertThat(new ArrayList<>(array.get(0).propertyNames()))
        .containsExactly("id", "t", "msg", "score", "meta");
  }

  @Test
  void json_with_metadata_wraps_the_records() throws IOException {
    JsonNode doc =
        JSON.readTree(file(OutputFormat.JSON, "{\"export_id\":\"x\"}", List.of(PART_ONE)));
    assertThat(doc.get("metadata").get("export_id").stringValue()).isEqualTo("x");
    assertThat(doc.get("records")).hasSize(2);
  }

  @Test
  void an_empty_json_file_is_an_empty_array() throws IOException {
    assertThat(JSON.readTree(file(OutputFormat.JSON, null, List.of(List.of()))).isEmpty()).isTrue();
  }

  @Test
  void json_lines_are_one_object_per_line() throws IOException {
    String text = file(OutputFormat.JSONL, null, List.of(PART_ONE, PART_TWO));
    String[] lines = text.split("\n", -1);
    assertThat(lines).hasSize(4);
    assertThat(lines[3]).isEmpty();
    assertThat(JSON.readTree(lines[0]).get("msg").stringValue()).isEqualTo(PART_ONE.get(0)[2]);
    assertThat(JSON.readTree(lines[2]).get("id").longValue()).isEqualTo(3);
  }

  @Test
  void csv_has_one_header_and_keeps_null_apart_from_empty() throws IOException {
    String text = file(OutputFormat.CSV, null, List.of(PART_ONE, PART_TWO));
    CSVFormat format =
        CSVFormat.RFC4180.builder().setNullString("").setQuoteMode(QuoteMode.ALL_NON_NULL).get();
    List<CSVRecord> records = format.parse(new StringReader(text)).getRecords();
    assertThat(records).hasSize(4);
    assertThat(records.get(0).toList()).containsExactly("id", "t", "msg", "score", "meta");
    assertThat(records.get(1).get(2)).isEqualTo(PART_ONE.get(0)[2]);
    assertThat(JSON.readTree(records.get(1).get(4)))
        .isEqualTo(JSON.readTree((String) PART_ONE.get(0)[4]));
    assertThat(records.get(2).get(2)).isEqualTo("");
    assertThat(records.get(2).get(3)).isNull();
    assertThat(records.get(3).get(2)).isNull();
  }
}
