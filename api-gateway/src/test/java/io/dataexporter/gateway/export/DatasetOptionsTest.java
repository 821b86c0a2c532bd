package io.dataexporter.gateway.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.dataset.DatasetRegistry;
import io.dataexporter.error.FieldError;
import io.dataexporter.error.InvalidRequestException;
import io.dataexporter.job.Compression;
import io.dataexporter.job.ExportConfigCodec;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.FileSize;
import io.dataexporter.job.OutputFormat;
import io.dataexporter.job.PartitionBy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Parquet, max_file_size, partition_by, sample and split as the request parser reads them. */
class DatasetOptionsTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final ExportRequestParser parser =
      new ExportRequestParser(
          new DatasetRegistry(
              List.of(
                  new Dataset(
                      "logs",
                      "public.logs",
                      "id",
                      "timestamp",
                      "process",
                      List.of("id", "timestamp", "process", "host", "metadata", "score")),
                  new Dataset(
                      "ips",
                      "public.ips",
                      "id",
                      "last_seen",
                      null,
                      List.of("id", "last_seen", "host", "metadata")))),
          JSON,
          Map.of(
              "logs",
              Map.of(
                  "id", "int8",
                  "timestamp", "timestamptz",
                  "process", "text",
                  "host", "text",
                  "metadata", "jsonb",
                  "score", "float8"),
              "ips",
              Map.of(
                  "id",
                  "uuid",
                  "last_seen",
                  "timestamptz",
                  "host",
                  "varchar",
                  "metadata",
                  "jsonb")));
  private final ExportConfigCodec codec = new ExportConfigCodec(JSON);

  private ExportRequest parse(String fields) {
    return parser.parse(JSON.readTree("{\"data_types\": [\"logs\", \"ips\"], " + fields + "}"));
  }

  private List<FieldError> errors(String fields) {
    try {
      parse(fields);
    } catch (InvalidRequestException e) {
      return e.errors();
    }
    throw new AssertionError("accepted: " + fields);
  }

  private List<String> badFields(String fields) {
    return errors(fields).stream().map(FieldError::field).toList();
  }

  /** The stored form reads back equal, and echoes each new field as it was sent. */
  private JsonNode echoed(ExportRequest request) {
    assertThat(codec.fromJsonText(codec.toJsonText(request))).isEqualTo(request);
    JsonNode view = JSON.valueToTree(ExportConfigView.of(request));
    JsonNode stored = codec.toJson(request);
    for (String field : List.of("sample", "split", "max_file_size", "partition_by")) {
      assertThat(view.get(field)).as(field).isEqualTo(stored.get(field));
    }
    return view;
  }

  @Test
  void parquet_pages_are_snappy_unless_another_codec_is_named() {
    ExportRequest plain = parse("\"output_format\": \"parquet\"");
    assertThat(plain.pageCodec()).isEqualTo(Compression.Codec.SNAPPY);
    assertThat(plain.streamCompression()).isEqualTo(Compression.NONE);
    assertThat(plain.multiFile()).isTrue();
    assertThat(parse("\"output_format\": \"parquet\", \"compression\": \"snappy\"").pageCodec())
        .isEqualTo(Compression.Codec.SNAPPY);
    assertThat(parse("\"output_format\": \"parquet\", \"compression\": \"none\"").pageCodec())
        .isEqualTo(Compression.Codec.NONE);
    ExportRequest zstd =
        parse(
            "\"output_format\": \"parquet\", \"compression\": \"zstd\", \"compression_level\": 19");
    assertThat(zstd.pageCodec()).isEqualTo(Compression.Codec.ZSTD);
    assertThat(zstd.fileName("logs")).isEqualTo("logs.parquet");
    assertThat(parse("\"output_format\": \"parquet\", \"compression\": true").pageCodec())
        .isEqualTo(Compression.Codec.GZIP);
    JsonNode snappy =
        codec.toJson(parse("\"output_format\": \"parquet\", \"compression\": \"snappy\""));
    assertThat(snappy.get("compression").stringValue()).isEqualTo("snappy");
  }

  @Test
  void snappy_is_for_parquet_only_and_has_no_level() {
    assertThat(errors("\"output_format\": \"csv\", \"compression\": \"snappy\""))
        .containsExactly(new FieldError("compression", "snappy is for parquet pages only"));
    assertThat(badFields("\"compression\": \"snappy\"")).containsExactly("compression");
    assertThat(
            badFields(
                "\"output_format\": \"parquet\", \"compression\": \"snappy\","
                    + " \"compression_level\": 3"))
        .containsExactly("compression_level");
    assertThat(
            badFields(
                "\"output_format\": \"parquet\", \"compression\": \"gzip\","
                    + " \"compression_level\": 10"))
        .containsExactly("compression_level");
  }

  @Test
  void max_file_size_takes_text_with_a_unit_or_bytes_and_is_echoed_as_sent() {
    ExportRequest text = parse("\"max_file_size\": \"256MB\"");
    assertThat(text.maxFileSize()).isEqualTo(new FileSize(256_000_000L, "256MB"));
    assertThat(echoed(text).get("max_file_size").stringValue()).isEqualTo("256MB");
    assertThat(parse("\"max_file_size\": \"1.5 gib\"").maxFileSize().bytes())
        .isEqualTo(1_610_612_736L);
    ExportRequest bytes = parse("\"max_file_size\": 1000");
    assertThat(bytes.maxFileSize().bytes()).isEqualTo(FileSize.MIN);
    assertThat(echoed(bytes).get("max_file_size").isIntegralNumber()).isTrue();
    assertThat(parse("\"max_file_size\": \"5TiB\"").maxFileSize().bytes()).isEqualTo(FileSize.MAX);
    for (String bad :
        List.of("999", "\"999B\"", "\"6TiB\"", "\"256 megabytes\"", "\"\"", "-1", "1.5", "true")) {
      assertThat(badFields("\"max_file_size\": " + bad)).as(bad).containsExactly("max_file_size");
    }
  }

  @Test
  void partition_by_is_hour_day_or_month() {
    assertThat(parse("\"partition_by\": \"day\"").partitionBy()).isEqualTo(PartitionBy.DAY);
    assertThat(echoed(parse("\"partition_by\": \"month\"")).get("partition_by").stringValue())
        .isEqualTo("month");
    assertThat(badFields("\"partition_by\": \"week\"")).containsExactly("partition_by");
    assertThat(badFields("\"partition_by\": \"DAY\"")).containsExactly("partition_by");
  }

  @Test
  void a_sample_has_exactly_one_of_fraction_and_rows() {
    ExportRequest fraction = parse("\"sample\": {\"fraction\": 0.1, \"seed\": \"x\"}");
    assertThat(fraction.sample().fraction()).isEqualTo(0.1);
    assertThat(fraction.sample().key()).isNull();
    JsonNode echo = echoed(fraction).get("sample");
    assertThat(echo.has("rows")).isFalse();
    assertThat(echo.get("seed").stringValue()).isEqualTo("x");
    ExportRequest rows = parse("\"sample\": {\"rows\": 100000, \"key\": \"host\"}");
    assertThat(rows.sample().rows()).isEqualTo(100_000L);
    assertThat(rows.sample().seed()).isEmpty();
    assertThat(echoed(rows).get("sample").has("fraction")).isFalse();
    assertThat(parse("\"sample\": {\"fraction\": 1}").sample().fraction()).isEqualTo(1.0);
    assertThat(parse("\"sample\": {\"rows\": 1000000000000}").sample().rows())
        .isEqualTo(1_000_000_000_000L);

    assertThat(badFields("\"sample\": {}")).containsExactly("sample");
    assertThat(badFields("\"sample\": {\"fraction\": 0.1, \"rows\": 5}")).containsExactly("sample");
    assertThat(badFields("\"sample\": 0.1")).containsExactly("sample");
    for (String bad : List.of("0", "-0.1", "1.0001", "\"0.1\"")) {
      assertThat(badFields("\"sample\": {\"fraction\": " + bad + "}"))
          .as(bad)
          .containsExactly("sample.fraction");
    }
    for (String bad : List.of("0", "1.5", "1000000000001", "\"10\"")) {
      assertThat(badFields("\"sample\": {\"rows\": " + bad + "}"))
          .as(bad)
          .containsExactly("sample.rows");
    }
    assertThat(badFields("\"sample\": {\"fraction\": 0.1, \"ratio\": 2}"))
        .containsExactly("sample.ratio");
    assertThat(badFields("\"sample\": {\"fraction\": 0.1, \"seed\": \"" + "s".repeat(201) + "\"}"))
        .containsExactly("sample.seed");
    assertThat(parse("\"sample\": {\"fraction\": 0.1, \"seed\": \"" + "s".repeat(200) + "\"}"))
        .isNotNull();
    assertThat(badFields("\"sample\": {\"fraction\": 0.1, \"seed\": \"a\\u001fb\"}"))
        .containsExactly("sample.seed");
    assertThat(badFields("\"sample\": {\"fraction\": 0.1, \"seed\": 7}"))
        .containsExactly("sample.seed");
  }

  @Test
  void a_split_needs_named_ratios_summing_to_one() {
    ExportRequest split =
        parse(
            "\"split\": {\"ratios\": {\"train\": 0.8, \"validation\": 0.1, \"test\": 0.1},"
                + " \"key\": \"host\", \"seed\": \"s\"}");
    assertThat(split.split().names()).containsExactly("test", "train", "validation");
    assertThat(split.split().key()).isEqualTo("host");
    assertThat(echoed(split).get("split").get("ratios").get("train").doubleValue()).isEqualTo(0.8);
    assertThat(split.multiFile()).isTrue();
    assertThat(parse("\"split\": {\"ratios\": {\"all\": 1}}").split().seed()).isEmpty();
    // 0.7 + 0.2 + 0.1 is not exactly 1 in binary floating point: within 1e-9 it is
    assertThat(parse("\"split\": {\"ratios\": {\"a\": 0.7, \"b\": 0.2, \"c\": 0.1}}")).isNotNull();

    assertThat(errors("\"split\": {\"ratios\": {\"train\": 0.8, \"test\": 0.1}}"))
        .containsExactly(new FieldError("split.ratios", "must sum to 1, not 0.9"));
    assertThat(badFields("\"split\": {\"ratios\": {\"train\": 0.8, \"test\": 0}}"))
        .containsExactly("split.ratios.test");
    assertThat(badFields("\"split\": {\"ratios\": {\"train\": 1.2, \"test\": -0.2}}"))
        .containsExactly("split.ratios.train", "split.ratios.test");
    assertThat(badFields("\"split\": {\"ratios\": {\"train\": \"0.5\", \"test\": 0.5}}"))
        .containsExactly("split.ratios.train");
    assertThat(badFields("\"split\": {\"ratios\": {}}")).containsExactly("split.ratios");
    assertThat(badFields("\"split\": {\"key\": \"host\"}")).containsExactly("split.ratios");
    assertThat(badFields("\"split\": [0.8, 0.2]")).containsExactly("split");
    StringBuilder eleven = new StringBuilder();
    for (int i = 0; i < 11; i++) {
      eleven.append(i == 0 ? "" : ", ").append("\"s").append(i).append("\": 0.1");
    }
    assertThat(badFields("\"split\": {\"ratios\": {" + eleven + "}}"))
        .containsExactly("split.ratios");
    for (String name : List.of("Rejected", "parts", "1st", "a-b", "", "x".repeat(33))) {
      assertThat(badFields("\"split\": {\"ratios\": {\"" + name + "\": 0.5, \"ok\": 0.5}}"))
          .as(name)
          .containsExactly("split.ratios." + name);
    }
    assertThat(badFields("\"split\": {\"ratios\": {\"a\": 0.5, \"A\": 0.5}}"))
        .containsExactly("split.ratios.A");
    assertThat(parse("\"split\": {\"ratios\": {\"_" + "x".repeat(31) + "\": 1}}")).isNotNull();
    assertThat(badFields("\"split\": {\"ratios\": {\"a\": 1}, \"by\": \"host\"}"))
        .containsExactly("split.by");
  }

  @Test
  void a_key_is_a_stable_column_of_every_requested_type() {
    assertThat(parse("\"sample\": {\"fraction\": 0.5, \"key\": \"id\"}").sample().key())
        .isEqualTo("id");
    List<FieldError> score = errors("\"split\": {\"ratios\": {\"a\": 1}, \"key\": \"score\"}");
    assertThat(score).extracting(FieldError::field).containsExactly("split.key", "split.key");
    assertThat(score.get(0).message()).contains("float8").contains("logs");
    assertThat(score.get(1).message()).contains("not a column of ips");
    assertThat(errors("\"sample\": {\"rows\": 5, \"key\": \"metadata\"}"))
        .extracting(FieldError::message)
        .allMatch(m -> m.contains("jsonb"));
    assertThat(badFields("\"sample\": {\"rows\": 5, \"key\": \"metadata.user\"}"))
        .containsExactly("sample.key");
    assertThat(badFields("\"sample\": {\"rows\": 5, \"key\": \"\"}")).containsExactly("sample.key");
    assertThat(badFields("\"sample\": {\"rows\": 5, \"key\": 3}")).containsExactly("sample.key");
    assertThat(badFields("\"sample\": {\"rows\": 5, \"key\": \"timestamp\"}"))
        .containsExactly("sample.key", "sample.key");
    // a column of logs alone is a key when only logs is requested
    assertThat(badFields("\"split\": {\"ratios\": {\"a\": 1}, \"key\": \"process\"}"))
        .containsExactly("split.key");
    assertThat(
            parser
                .parse(
                    JSON.readTree(
                        "{\"data_types\": [\"logs\"], \"split\": {\"ratios\": {\"a\": 1},"
                            + " \"key\": \"process\"}}"))
                .split()
                .key())
        .isEqualTo("process");
  }

  @Test
  void every_problem_is_reported_together_and_nothing_is_built() {
    assertThat(
            badFields(
                "\"output_format\": \"csv\", \"compression\": \"snappy\", \"max_file_size\":"
                    + " \"1KB0\", \"partition_by\": \"year\", \"sample\": {\"fraction\": 2,"
                    + " \"key\": \"nope\"}, \"split\": {\"ratios\": {\"train\": 0.5}, \"seed\":"
                    + " \"\\u0000\"}"))
        .containsExactlyInAnyOrder(
            "split.seed",
            "compression",
            "sample.fraction",
            "sample.key",
            "sample.key",
            "split.ratios",
            "max_file_size",
            "partition_by");
  }

  @Test
  void csv_and_json_options_keep_their_meaning_beside_parquet() {
    ExportRequest r =
        parse(
            "\"output_format\": \"parquet\", \"include_metadata\": true,"
                + " \"csv_escape_formulas\": true, \"max_file_size\": \"64MiB\","
                + " \"partition_by\": \"hour\", \"split\": {\"ratios\": {\"train\": 0.9,"
                + " \"test\": 0.1}}, \"sample\": {\"fraction\": 0.25, \"seed\": \"q\"}");
    assertThat(r.outputFormat()).isEqualTo(OutputFormat.PARQUET);
    assertThat(r.includeMetadata()).isTrue();
    assertThat(r.csvEscapeFormulas()).isTrue();
    echoed(r);
  }
}
