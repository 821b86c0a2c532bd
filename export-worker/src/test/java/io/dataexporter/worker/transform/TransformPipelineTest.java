package io.dataexporter.worker.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataexporter.error.FieldError;
import io.dataexporter.job.OutputFormat;
import io.dataexporter.transform.Transformation;
import io.dataexporter.transform.TransformationParser;
import io.dataexporter.worker.format.FileLayout;
import io.dataexporter.worker.format.RecordWriter;
import io.dataexporter.worker.source.ColumnKind;
import io.dataexporter.worker.source.SourceColumns;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The steps of issue 16 on rows of every column kind: values, NULLs and output kinds. */
class TransformPipelineTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final SourceColumns INPUT =
      new SourceColumns(
          List.of("id", "t", "host", "pid", "score", "amount", "ok", "meta"),
          new ColumnKind[] {
            ColumnKind.INTEGER,
            ColumnKind.TIMESTAMP,
            ColumnKind.STRING,
            ColumnKind.INTEGER,
            ColumnKind.DOUBLE,
            ColumnKind.DECIMAL,
            ColumnKind.BOOLEAN,
            ColumnKind.JSON
          });

  private static Object[] full() {
    return new Object[] {
      7L,
      "2024-03-01T00:00:00.123456Z",
      "Straße-İ",
      101L,
      0.5,
      new BigDecimal("-0.001"),
      true,
      "{\"a\": [1, \"x\"]}"
    };
  }

  private static Object[] empty() {
    return new Object[] {8L, null, null, null, null, null, null, null};
  }

  private static TransformPipeline pipeline(String steps) {
    List<FieldError> errors = new ArrayList<>();
    List<Transformation> parsed =
        TransformationParser.parse(JSON.readTree("{\"t\": " + steps + "}"), errors).get("t");
    TransformationParser.checkFields("t", INPUT.names(), parsed, errors);
    assertThat(errors).isEmpty();
    TransformPipeline pipeline = TransformPipeline.compile(INPUT, parsed, new byte[] {1});
    // what the file header and the manifest say is what the rows hold
    assertThat(pipeline.output().names())
        .isEqualTo(Transformation.outputFields(INPUT.names(), parsed));
    return pipeline;
  }

  private static List<Object> run(TransformPipeline pipeline, Object[] row) {
    return Arrays.asList(pipeline.apply(row));
  }

  private static ColumnKind kind(TransformPipeline pipeline, String field) {
    return pipeline.output().kind(pipeline.output().names().indexOf(field));
  }

  @Test
  void concat_joins_text_forms_skips_nulls_and_is_null_only_when_all_are() {
    TransformPipeline p =
        pipeline(
            "[{\"op\": \"concat\", \"fields\": [\"id\", \"t\", \"host\", \"pid\", \"score\","
                + " \"amount\", \"ok\", \"meta\"], \"separator\": \"|\", \"to\": \"all\"}]");
    assertThat(p.output().names()).endsWith("meta", "all");
    assertThat(kind(p, "all")).isEqualTo(ColumnKind.STRING);
    assertThat(run(p, full()).get(8))
        .isEqualTo(
            "7|2024-03-01T00:00:00.123456Z|Straße-İ|101|0.5|-0.001|true|{\"a\": [1, \"x\"]}");
    assertThat(run(p, empty()).get(8)).isEqualTo("8");
    TransformPipeline nulls =
        pipeline("[{\"op\": \"concat\", \"fields\": [\"host\", \"pid\"], \"to\": \"host\"}]");
    assertThat(run(nulls, empty()).get(2)).isNull();
    Object[] onlyEmpty = empty();
    onlyEmpty[2] = "";
    assertThat(run(nulls, onlyEmpty).get(2)).isEqualTo("");
    assertThat(nulls.output().names()).isEqualTo(INPUT.names());
  }

  @Test
  void steps_that_grow_a_value_without_bound_fail_the_export_instead_of_the_heap() {
    String fifty = String.join(", ", java.util.Collections.nCopies(50, "\"host\""));
    String grow = "{\"op\": \"concat\", \"fields\": [" + fifty + "], \"to\": \"host\"}";
    TransformPipeline p = pipeline("[" + grow + ", " + grow + ", " + grow + ", " + grow + "]");
    Object[] row = full();
    assertThatThrownBy(() -> p.apply(row))
        .isInstanceOf(io.dataexporter.error.PermanentException.class)
        .hasMessageContaining("concat made a value longer than");
    TransformPipeline regex =
        pipeline(
            "[{\"op\": \"regex_replace\", \"field\": \"host\", \"pattern\": \"(?s).\","
                + " \"replacement\": \""
                + "x".repeat(1000)
                + "\"}, {\"op\": \"regex_replace\", \"field\": \"host\", \"pattern\":"
                + " \"(?s).\", \"replacement\": \""
                + "x".repeat(1000)
                + "\"}]");
    assertThatThrownBy(() -> regex.apply(full()))
        .isInstanceOf(io.dataexporter.error.PermanentException.class)
        .hasMessageContaining("regex_replace made a value longer than");
  }

  @Test
  void coalesce_keeps_a_shared_kind_and_gives_json_for_mixed_kinds() {
    TransformPipeline same =
        pipeline("[{\"op\": \"coalesce\", \"fields\": [\"pid\", \"id\"], \"to\": \"n\"}]");
    assertThat(kind(same, "n")).isEqualTo(ColumnKind.INTEGER);
    assertThat(run(same, full()).get(8)).isEqualTo(101L);
    assertThat(run(same, empty()).get(8)).isEqualTo(8L);

    TransformPipeline mixed =
        pipeline(
            "[{\"op\": \"coalesce\", \"fields\": [\"host\", \"meta\", \"score\", \"id\"], \"to\": \"host\"}]");
    assertThat(kind(mixed, "host")).isEqualTo(ColumnKind.JSON_VALUE);
    assertThat(run(mixed, full()).get(2)).isEqualTo("\"Straße-İ\"");
    Object[] row = empty();
    row[7] = "{\"a\": 1}";
    assertThat(run(mixed, row).get(2)).isEqualTo("{\"a\": 1}");
    assertThat(run(mixed, empty()).get(2)).isEqualTo("8");
    Object[] blank = empty();
    blank[2] = "";
    assertThat(run(mixed, blank).get(2)).as("an empty string is not NULL").isEqualTo("\"\"");
  }

  @Test
  void map_looks_values_up_by_their_text_and_keeps_a_plain_kind_when_it_can() {
    TransformPipeline ints =
        pipeline(
            "[{\"op\": \"map\", \"field\": \"host\", \"values\": {\"Straße-İ\": 1, \"b\": null}, \"default\": 0}]");
    assertThat(kind(ints, "host")).isEqualTo(ColumnKind.INTEGER);
    assertThat(run(ints, full()).get(2)).isEqualTo(1L);
    assertThat(run(ints, empty()).get(2)).as("NULL takes the default").isEqualTo(0L);

    TransformPipeline kept =
        pipeline("[{\"op\": \"map\", \"field\": \"pid\", \"values\": {\"101\": 5, \"102\": 6}}]");
    assertThat(kind(kept, "pid")).isEqualTo(ColumnKind.INTEGER);
    assertThat(run(kept, full()).get(3)).isEqualTo(5L);
    Object[] other = full();
    other[3] = 999L;
    assertThat(run(kept, other).get(3)).as("no entry, no default: kept").isEqualTo(999L);
    assertThat(run(kept, empty()).get(3)).isNull();

    TransformPipeline json =
        pipeline(
            "[{\"op\": \"map\", \"field\": \"pid\", \"values\": {\"101\": \"web\", \"102\": 2.5}},"
                + " {\"op\": \"map\", \"field\": \"ok\", \"values\": {\"true\": \"yes\"}}]");
    assertThat(kind(json, "pid")).isEqualTo(ColumnKind.JSON_VALUE);
    assertThat(run(json, full()).get(3)).isEqualTo("\"web\"");
    assertThat(run(json, other).get(3)).isEqualTo("999");
    assertThat(kind(json, "ok"))
        .as("text replacements, boolean kept")
        .isEqualTo(ColumnKind.JSON_VALUE);
    assertThat(run(json, full()).get(6)).isEqualTo("\"yes\"");
    Object[] no = full();
    no[6] = false;
    assertThat(run(json, no).get(6)).isEqualTo("false");

    TransformPipeline timestamps =
        pipeline("[{\"op\": \"map\", \"field\": \"t\", \"values\": {\"x\": \"y\"}}]");
    assertThat(kind(timestamps, "t")).isEqualTo(ColumnKind.STRING);
    assertThat(run(timestamps, full()).get(1)).isEqualTo("2024-03-01T00:00:00.123456Z");

    TransformPipeline toNull =
        pipeline(
            "[{\"op\": \"map\", \"field\": \"host\", \"values\": {\"x\": \"y\"}, \"default\": null}]");
    assertThat(run(toNull, full()).get(2)).isNull();
  }

  @Test
  void case_maps_the_full_unicode_text_without_a_locale() {
    TransformPipeline p =
        pipeline(
            "[{\"op\": \"case\", \"field\": \"host\", \"to\": \"upper\"},"
                + " {\"op\": \"case\", \"field\": \"meta\", \"case\": \"upper\"},"
                + " {\"op\": \"case\", \"field\": \"ok\", \"to\": \"upper\"},"
                + " {\"op\": \"concat\", \"fields\": [\"host\"], \"to\": \"low\"},"
                + " {\"op\": \"case\", \"field\": \"low\", \"to\": \"lower\"}]");
    List<Object> out = run(p, full());
    assertThat(out.get(2)).isEqualTo("STRASSE-İ");
    assertThat(out.get(8)).isEqualTo("strasse-i̇");
    assertThat(out.get(7)).isEqualTo("{\"A\": [1, \"X\"]}");
    assertThat(out.get(6)).isEqualTo("TRUE");
    assertThat(kind(p, "meta")).isEqualTo(ColumnKind.STRING);
    assertThat(kind(p, "ok")).isEqualTo(ColumnKind.STRING);
    assertThat(run(p, empty()).subList(1, 9)).containsOnlyNulls();
  }

  @Test
  void regex_replace_works_on_the_text_form_and_gives_text() {
    TransformPipeline p =
        pipeline(
            "[{\"op\": \"regex_replace\", \"field\": \"t\", \"pattern\": \"^(\\\\d{4})-(\\\\d\\\\d).*$\", \"replacement\": \"$2/$1\"},"
                + " {\"op\": \"regex_replace\", \"field\": \"pid\", \"pattern\": \"1\", \"replacement\": \"\"},"
                + " {\"op\": \"regex_replace\", \"field\": \"host\", \"pattern\": \"[^\\\\x00-\\\\x7f]\", \"replacement\": \"?\"}]");
    List<Object> out = run(p, full());
    assertThat(out.get(1)).isEqualTo("03/2024");
    assertThat(out.get(3)).isEqualTo("0");
    assertThat(out.get(2)).isEqualTo("Stra?e-?");
    assertThat(kind(p, "pid")).isEqualTo(ColumnKind.STRING);
    assertThat(run(p, empty()).get(3)).isNull();
  }

  @Test
  void cast_converts_exactly_or_gives_null() {
    String steps =
        "[{\"op\": \"cast\", \"field\": \"host\", \"to\": \"integer\"},"
            + " {\"op\": \"cast\", \"field\": \"score\", \"to\": \"integer\"},"
            + " {\"op\": \"cast\", \"field\": \"amount\", \"to\": \"float\"},"
            + " {\"op\": \"cast\", \"field\": \"meta\", \"to\": \"boolean\"},"
            + " {\"op\": \"cast\", \"field\": \"ok\", \"to\": \"text\"},"
            + " {\"op\": \"cast\", \"field\": \"pid\", \"to\": \"float\"},"
            + " {\"op\": \"cast\", \"field\": \"t\", \"to\": \"integer\"}]";
    TransformPipeline p = pipeline(steps);
    assertThat(kind(p, "host")).isEqualTo(ColumnKind.INTEGER);
    assertThat(kind(p, "amount")).isEqualTo(ColumnKind.DOUBLE);
    assertThat(kind(p, "meta")).isEqualTo(ColumnKind.BOOLEAN);
    assertThat(kind(p, "ok")).isEqualTo(ColumnKind.STRING);
    List<Object> out = run(p, full());
    assertThat(out).containsExactly(7L, null, null, 101.0, null, -0.001, "true", null);
    assertThat(run(p, empty()).subList(1, 8)).containsOnlyNulls();

    assertThat(
            castHost(
                "integer",
                " -42 ",
                "4.0",
                "1e3",
                "2.5",
                "12abc",
                "",
                "9223372036854775808",
                "0x10"))
        .containsExactly(-42L, 4L, 1000L, null, null, null, null, null);
    assertThat(castHost("float", "1.5", " -2e-3 ", ".5", "1e999", "NaN", "0x1p3", "1.5f", "abc"))
        .containsExactly(1.5, -0.002, 0.5, null, null, null, null, null);
    assertThat(castHost("boolean", "TRUE", " yes", "off", "1", "0", "maybe", "t", "N"))
        .containsExactly(true, true, false, true, false, null, true, false);
  }

  @Test
  void cast_of_numbers_keeps_their_value() {
    TransformPipeline p =
        pipeline(
            "[{\"op\": \"cast\", \"field\": \"score\", \"to\": \"integer\"},"
                + " {\"op\": \"cast\", \"field\": \"amount\", \"to\": \"integer\"},"
                + " {\"op\": \"cast\", \"field\": \"pid\", \"to\": \"boolean\"}]");
    Object[] row = full();
    row[4] = 3.0;
    row[5] = new BigDecimal("12.000");
    row[3] = 0L;
    List<Object> out = run(p, row);
    assertThat(out.get(4)).isEqualTo(3L);
    assertThat(out.get(5)).isEqualTo(12L);
    assertThat(out.get(3)).isEqualTo(false);
    row = full();
    row[4] = Double.NaN;
    row[3] = 2L;
    assertThat(run(p, row).get(4)).isNull();
    assertThat(run(p, row).get(3)).isNull();
  }

  @Test
  void the_writers_render_the_new_kinds_as_their_types() throws IOException {
    TransformPipeline p =
        pipeline(
            "[{\"op\": \"map\", \"field\": \"host\", \"values\": {\"Straße-İ\": 2.5}},"
                + " {\"op\": \"cast\", \"field\": \"pid\", \"to\": \"float\"},"
                + " {\"op\": \"cast\", \"field\": \"ok\", \"to\": \"text\"},"
                + " {\"op\": \"coalesce\", \"fields\": [\"t\", \"id\"], \"to\": \"when\"},"
                + " {\"op\": \"fields\", \"fields\": [\"id\", \"host\", \"pid\", \"ok\", \"when\"]}]");
    assertThat(write(p, OutputFormat.JSONL))
        .isEqualTo(
            """
            {"id":7,"host":2.5,"pid":101.0,"ok":"true","when":"2024-03-01T00:00:00.123456Z"}
            {"id":7,"host":"other","pid":101.0,"ok":"true","when":7}
            """);
    assertThat(write(p, OutputFormat.CSV))
        .isEqualTo(
            "\"7\",\"2.5\",\"101.0\",\"true\",\"2024-03-01T00:00:00.123456Z\"\r\n"
                + "\"7\",\"other\",\"101.0\",\"true\",\"7\"\r\n");
  }

  /** Writes full() and a row with another host and no time (steps change rows in place). */
  private static String write(TransformPipeline p, OutputFormat format) throws IOException {
    Object[] second = full();
    second[2] = "other";
    second[1] = null;
    Object[][] rows = {full(), second};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RecordWriter writer = FileLayout.recordWriter(format, out, p.output());
    for (Object[] row : rows) {
      writer.write(p.apply(row));
    }
    writer.finish();
    return out.toString(StandardCharsets.UTF_8);
  }

  private static List<Object> castHost(String type, String... values) {
    TransformPipeline p =
        pipeline("[{\"op\": \"cast\", \"field\": \"host\", \"to\": \"" + type + "\"}]");
    List<Object> out = new ArrayList<>();
    for (String v : values) {
      Object[] row = empty();
      row[2] = v;
      out.add(p.apply(row)[2]);
    }
    return out;
  }
}
